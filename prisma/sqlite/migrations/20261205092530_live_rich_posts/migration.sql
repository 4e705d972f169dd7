-- AlterTable
ALTER TABLE "LiveUpdate" ADD COLUMN "coAuthors" TEXT;
ALTER TABLE "LiveUpdate" ADD COLUMN "embedUrl" TEXT;
ALTER TABLE "LiveUpdate" ADD COLUMN "headline" TEXT;
ALTER TABLE "LiveUpdate" ADD COLUMN "photoAlt" TEXT;
ALTER TABLE "LiveUpdate" ADD COLUMN "photoCaption" TEXT;
ALTER TABLE "LiveUpdate" ADD COLUMN "photoCredit" TEXT;
ALTER TABLE "LiveUpdate" ADD COLUMN "photoHeight" INTEGER;
ALTER TABLE "LiveUpdate" ADD COLUMN "photoKey" TEXT;
ALTER TABLE "LiveUpdate" ADD COLUMN "photoWidth" INTEGER;
ALTER TABLE "LiveUpdate" ADD COLUMN "scheduledFor" DATETIME;

-- CreateIndex
CREATE INDEX "LiveUpdate_scheduledFor_idx" ON "LiveUpdate"("scheduledFor");

