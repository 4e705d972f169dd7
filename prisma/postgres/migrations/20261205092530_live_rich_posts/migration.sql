-- AlterTable
ALTER TABLE "LiveUpdate" ADD COLUMN     "coAuthors" TEXT,
ADD COLUMN     "embedUrl" TEXT,
ADD COLUMN     "headline" TEXT,
ADD COLUMN     "photoAlt" TEXT,
ADD COLUMN     "photoCaption" TEXT,
ADD COLUMN     "photoCredit" TEXT,
ADD COLUMN     "photoHeight" INTEGER,
ADD COLUMN     "photoKey" TEXT,
ADD COLUMN     "photoWidth" INTEGER,
ADD COLUMN     "scheduledFor" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "LiveUpdate_scheduledFor_idx" ON "LiveUpdate"("scheduledFor");

