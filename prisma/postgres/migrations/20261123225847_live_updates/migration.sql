-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "pinnedUpdateId" INTEGER;

-- CreateTable
CREATE TABLE "LiveUpdate" (
    "id" SERIAL NOT NULL,
    "storyId" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "bodyText" TEXT NOT NULL,
    "cardId" TEXT,
    "keyEvent" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMP(3),
    "correctedAt" TIMESTAMP(3),
    "correctionNote" TEXT,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "LiveUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LiveUpdate_storyId_id_idx" ON "LiveUpdate"("storyId", "id");

-- AddForeignKey
ALTER TABLE "LiveUpdate" ADD CONSTRAINT "LiveUpdate_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

