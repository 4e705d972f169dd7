-- AlterTable
ALTER TABLE "Story" ADD COLUMN "pinnedUpdateId" INTEGER;

-- CreateTable
CREATE TABLE "LiveUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "storyId" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "bodyText" TEXT NOT NULL,
    "cardId" TEXT,
    "keyEvent" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" DATETIME,
    "correctedAt" DATETIME,
    "correctionNote" TEXT,
    "deletedAt" DATETIME,
    CONSTRAINT "LiveUpdate_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LiveUpdate_storyId_id_idx" ON "LiveUpdate"("storyId", "id");

