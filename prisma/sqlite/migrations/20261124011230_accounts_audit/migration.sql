-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "storyId" TEXT,
    "cardId" TEXT,
    "summary" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LiveUpdate" (
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
    "approved" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "LiveUpdate_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LiveUpdate" ("authorName", "bodyHtml", "bodyText", "cardId", "correctedAt", "correctionNote", "deletedAt", "editedAt", "id", "keyEvent", "publishedAt", "storyId", "version") SELECT "authorName", "bodyHtml", "bodyText", "cardId", "correctedAt", "correctionNote", "deletedAt", "editedAt", "id", "keyEvent", "publishedAt", "storyId", "version" FROM "LiveUpdate";
DROP TABLE "LiveUpdate";
ALTER TABLE "new_LiveUpdate" RENAME TO "LiveUpdate";
CREATE INDEX "LiveUpdate_storyId_id_idx" ON "LiveUpdate"("storyId", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "AuditEntry_storyId_id_idx" ON "AuditEntry"("storyId", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_cardId_id_idx" ON "AuditEntry"("cardId", "id");

