-- CreateEnum
CREATE TYPE "upload_status" AS ENUM ('PUBLISHING', 'PUBLISHED', 'FAILED', 'QUARANTINED');

-- AlterTable
ALTER TABLE "publish_runs" ALTER COLUMN "day" DROP NOT NULL;

-- CreateTable
CREATE TABLE "publish_uploads" (
    "bucket" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_name" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "publish_run_id" UUID,
    "reason" TEXT,
    "size" BIGINT NOT NULL,
    "status" "upload_status" NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "publish_uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "publish_uploads_publish_run_id_key" ON "publish_uploads"("publish_run_id");

-- CreateIndex
CREATE INDEX "publish_uploads_status_idx" ON "publish_uploads"("status");

-- CreateIndex
CREATE UNIQUE INDEX "publish_uploads_bucket_key_etag_key" ON "publish_uploads"("bucket", "key", "etag");

-- AddForeignKey
ALTER TABLE "publish_uploads" ADD CONSTRAINT "publish_uploads_publish_run_id_fkey" FOREIGN KEY ("publish_run_id") REFERENCES "publish_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
