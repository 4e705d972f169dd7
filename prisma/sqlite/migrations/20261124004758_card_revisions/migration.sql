-- AlterTable
ALTER TABLE "Card" ADD COLUMN "publishedKey" TEXT;
ALTER TABLE "Card" ADD COLUMN "publishedRevision" INTEGER;

-- CreateTable
CREATE TABLE "CardRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cardId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "bodyText" TEXT NOT NULL,
    "note" TEXT,
    "docState" BLOB,
    "publishedBy" TEXT,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CardRevision_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CardRevision_cardId_number_key" ON "CardRevision"("cardId", "number");


-- Data: a card published before revisions existed gets its current text as revision 1, so
-- readers keep seeing it. Its fingerprint stays NULL ("not known to differ" until republished).
INSERT INTO "CardRevision" ("cardId", "number", "kind", "title", "summary", "bodyHtml", "bodyText", "publishedBy", "publishedAt")
SELECT "id", 1, 'publication', "title", "summary", "bodyHtml", "body", "updatedBy", "updatedAt" FROM "Card" WHERE "status" = 'published';
UPDATE "Card" SET "publishedRevision" = 1 WHERE "status" = 'published';
