-- CreateTable
CREATE TABLE "StoryMember" (
    "storyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("storyId", "userId"),
    CONSTRAINT "StoryMember_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StoryMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Story" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "coverageStart" DATETIME,
    "coverageEnd" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "pinnedUpdateId" INTEGER,
    "timeZones" TEXT NOT NULL DEFAULT '[]',
    "archivedAt" DATETIME,
    "restricted" BOOLEAN NOT NULL DEFAULT false,
    "sourceArticle" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "headlineVersion" INTEGER NOT NULL DEFAULT 1,
    "summaryVersion" INTEGER NOT NULL DEFAULT 1,
    "slugVersion" INTEGER NOT NULL DEFAULT 1,
    "timeZonesVersion" INTEGER NOT NULL DEFAULT 1,
    "coverageStartVersion" INTEGER NOT NULL DEFAULT 1,
    "coverageEndVersion" INTEGER NOT NULL DEFAULT 1,
    "archivedVersion" INTEGER NOT NULL DEFAULT 1,
    "restrictedVersion" INTEGER NOT NULL DEFAULT 1
);
INSERT INTO "new_Story" ("coverageEnd", "coverageStart", "createdAt", "headline", "id", "pinnedUpdateId", "slug", "summary", "updatedAt") SELECT "coverageEnd", "coverageStart", "createdAt", "headline", "id", "pinnedUpdateId", "slug", "summary", "updatedAt" FROM "Story";
DROP TABLE "Story";
ALTER TABLE "new_Story" RENAME TO "Story";
CREATE UNIQUE INDEX "Story_slug_key" ON "Story"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StoryMember_userId_idx" ON "StoryMember"("userId");

