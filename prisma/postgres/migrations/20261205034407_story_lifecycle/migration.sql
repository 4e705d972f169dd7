-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "archivedVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "coverageEndVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "coverageStartVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "createdBy" TEXT,
ADD COLUMN     "headlineVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "restricted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "restrictedVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "slugVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "sourceArticle" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "summaryVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "timeZones" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "timeZonesVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "StoryMember" (
    "storyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoryMember_pkey" PRIMARY KEY ("storyId","userId")
);

-- CreateIndex
CREATE INDEX "StoryMember_userId_idx" ON "StoryMember"("userId");

-- AddForeignKey
ALTER TABLE "StoryMember" ADD CONSTRAINT "StoryMember_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryMember" ADD CONSTRAINT "StoryMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

