-- AlterTable
ALTER TABLE "Card" ADD COLUMN     "bodyHtml" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "CardDoc" (
    "cardId" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "throughId" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CardDoc_pkey" PRIMARY KEY ("cardId")
);

-- CreateTable
CREATE TABLE "CardDocUpdate" (
    "id" SERIAL NOT NULL,
    "cardId" TEXT NOT NULL,
    "update" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CardDocUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CardDocUpdate_cardId_id_idx" ON "CardDocUpdate"("cardId", "id");

-- AddForeignKey
ALTER TABLE "CardDoc" ADD CONSTRAINT "CardDoc_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardDocUpdate" ADD CONSTRAINT "CardDocUpdate_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card"("id") ON DELETE CASCADE ON UPDATE CASCADE;

