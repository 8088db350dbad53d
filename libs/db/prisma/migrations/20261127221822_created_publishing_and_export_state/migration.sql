-- CreateEnum
CREATE TYPE "publish_run_status" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "publish_step" AS ENUM ('BUILD_FILES', 'CREATE_REVISION', 'CREATE_IMPORT_JOB', 'START_IMPORT_JOB', 'AWAIT_IMPORT_JOB', 'FINALIZE_REVISION', 'START_CHANGE_SETS', 'AWAIT_CHANGE_SETS', 'DONE');

-- CreateEnum
CREATE TYPE "step_status" AS ENUM ('STARTED', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "exchange_job_type" AS ENUM ('IMPORT_ASSETS_FROM_S3', 'IMPORT_ASSET_FROM_SIGNED_URL', 'EXPORT_ASSETS_TO_S3', 'EXPORT_ASSET_TO_SIGNED_URL', 'EXPORT_REVISIONS_TO_S3');

-- CreateEnum
CREATE TYPE "exchange_job_state" AS ENUM ('WAITING', 'IN_PROGRESS', 'ERROR', 'COMPLETED', 'CANCELLED', 'TIMED_OUT');

-- CreateEnum
CREATE TYPE "change_set_status" AS ENUM ('PENDING', 'PREPARING', 'APPLYING', 'SUCCEEDED', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "export_mode" AS ENUM ('PATTERN', 'LATEST');

-- CreateEnum
CREATE TYPE "export_encryption" AS ENUM ('NONE', 'AES256', 'AWS_KMS');

-- CreateEnum
CREATE TYPE "export_run_status" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "data_sources" (
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_type" TEXT NOT NULL,
    "id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "venue" TEXT NOT NULL,

    CONSTRAINT "data_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_sets" (
    "bucket" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "description" TEXT,
    "exchange_data_set_arn" TEXT,
    "exchange_data_set_id" TEXT,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "data_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "exchange_product_id" TEXT NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_source_data_sets" (
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" UUID NOT NULL,
    "data_source_id" UUID NOT NULL,

    CONSTRAINT "data_source_data_sets_pkey" PRIMARY KEY ("data_source_id","data_set_id")
);

-- CreateTable
CREATE TABLE "data_set_products" (
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,

    CONSTRAINT "data_set_products_pkey" PRIMARY KEY ("data_set_id","product_id")
);

-- CreateTable
CREATE TABLE "publish_runs" (
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "error" TEXT,
    "finished_at" TIMESTAMPTZ(3),
    "force_reason" TEXT,
    "forced" BOOLEAN NOT NULL DEFAULT false,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "id" UUID NOT NULL,
    "lease_expires_at" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "manifest_key" TEXT,
    "manifest_sha256" TEXT,
    "row_count" BIGINT,
    "started_at" TIMESTAMPTZ(3),
    "status" "publish_run_status" NOT NULL DEFAULT 'PENDING',
    "step" "publish_step" NOT NULL DEFAULT 'BUILD_FILES',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "publish_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_run_steps" (
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "detail" JSONB,
    "error" TEXT,
    "finished_at" TIMESTAMPTZ(3),
    "id" UUID NOT NULL,
    "publish_run_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "step_status" NOT NULL DEFAULT 'STARTED',
    "step" "publish_step" NOT NULL,

    CONSTRAINT "publish_run_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "revisions" (
    "arn" TEXT,
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" UUID NOT NULL,
    "day" DATE,
    "exchange_revision_id" TEXT NOT NULL,
    "finalized" BOOLEAN NOT NULL DEFAULT false,
    "finalized_at" TIMESTAMPTZ(3),
    "id" UUID NOT NULL,
    "publish_run_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange_jobs" (
    "arn" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "errors" JSONB,
    "exchange_data_set_id" TEXT NOT NULL,
    "exchange_job_id" TEXT NOT NULL,
    "exchange_revision_id" TEXT NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "id" UUID NOT NULL,
    "revision_id" UUID,
    "started_at" TIMESTAMPTZ(3),
    "state" "exchange_job_state" NOT NULL DEFAULT 'WAITING',
    "type" "exchange_job_type" NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "exchange_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "change_sets" (
    "change_set_arn" TEXT,
    "client_request_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "exchange_change_set_id" TEXT,
    "failure_description" TEXT,
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "revision_id" UUID NOT NULL,
    "status" "change_set_status" NOT NULL DEFAULT 'PENDING',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "change_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "export_subscriptions" (
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "destination_bucket" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "encryption" "export_encryption" NOT NULL DEFAULT 'NONE',
    "exchange_data_set_id" TEXT NOT NULL,
    "id" UUID NOT NULL,
    "key_pattern" TEXT NOT NULL,
    "kms_key_arn" TEXT,
    "mode" "export_mode" NOT NULL DEFAULT 'PATTERN',
    "name" TEXT NOT NULL,
    "reconciled_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "export_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "export_runs" (
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "destination_bucket" TEXT NOT NULL,
    "destination_key_pattern" TEXT NOT NULL,
    "error" TEXT,
    "exchange_data_set_id" TEXT NOT NULL,
    "exchange_revision_id" TEXT NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "id" UUID NOT NULL,
    "job_id" UUID,
    "next_attempt_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "status" "export_run_status" NOT NULL DEFAULT 'PENDING',
    "subscription_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "export_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "data_sources_venue_data_type_key" ON "data_sources"("venue", "data_type");

-- CreateIndex
CREATE UNIQUE INDEX "data_sets_exchange_data_set_arn_key" ON "data_sets"("exchange_data_set_arn");

-- CreateIndex
CREATE UNIQUE INDEX "data_sets_exchange_data_set_id_key" ON "data_sets"("exchange_data_set_id");

-- CreateIndex
CREATE UNIQUE INDEX "data_sets_name_key" ON "data_sets"("name");

-- CreateIndex
CREATE UNIQUE INDEX "products_exchange_product_id_key" ON "products"("exchange_product_id");

-- CreateIndex
CREATE INDEX "data_source_data_sets_data_set_id_idx" ON "data_source_data_sets"("data_set_id");

-- CreateIndex
CREATE INDEX "data_source_data_sets_data_source_id_idx" ON "data_source_data_sets"("data_source_id");

-- CreateIndex
CREATE INDEX "data_set_products_data_set_id_idx" ON "data_set_products"("data_set_id");

-- CreateIndex
CREATE INDEX "data_set_products_product_id_idx" ON "data_set_products"("product_id");

-- CreateIndex
CREATE INDEX "publish_runs_data_set_id_idx" ON "publish_runs"("data_set_id");

-- CreateIndex
CREATE INDEX "publish_runs_status_idx" ON "publish_runs"("status");

-- CreateIndex
CREATE UNIQUE INDEX "publish_runs_data_set_day_generation_key" ON "publish_runs"("data_set_id", "day", "generation");

-- CreateIndex
CREATE INDEX "publish_run_steps_publish_run_id_idx" ON "publish_run_steps"("publish_run_id");

-- CreateIndex
CREATE UNIQUE INDEX "publish_run_steps_publish_run_id_step_attempt_key" ON "publish_run_steps"("publish_run_id", "step", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "revisions_arn_key" ON "revisions"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "revisions_exchange_revision_id_key" ON "revisions"("exchange_revision_id");

-- CreateIndex
CREATE UNIQUE INDEX "revisions_publish_run_id_key" ON "revisions"("publish_run_id");

-- CreateIndex
CREATE INDEX "revisions_data_set_id_idx" ON "revisions"("data_set_id");

-- CreateIndex
CREATE INDEX "revisions_data_set_id_day_idx" ON "revisions"("data_set_id", "day");

-- CreateIndex
CREATE UNIQUE INDEX "exchange_jobs_arn_key" ON "exchange_jobs"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "exchange_jobs_exchange_job_id_key" ON "exchange_jobs"("exchange_job_id");

-- CreateIndex
CREATE INDEX "exchange_jobs_exchange_revision_id_idx" ON "exchange_jobs"("exchange_revision_id");

-- CreateIndex
CREATE INDEX "exchange_jobs_revision_id_idx" ON "exchange_jobs"("revision_id");

-- CreateIndex
CREATE INDEX "exchange_jobs_state_idx" ON "exchange_jobs"("state");

-- CreateIndex
CREATE UNIQUE INDEX "change_sets_change_set_arn_key" ON "change_sets"("change_set_arn");

-- CreateIndex
CREATE UNIQUE INDEX "change_sets_client_request_token_key" ON "change_sets"("client_request_token");

-- CreateIndex
CREATE UNIQUE INDEX "change_sets_exchange_change_set_id_key" ON "change_sets"("exchange_change_set_id");

-- CreateIndex
CREATE INDEX "change_sets_product_id_idx" ON "change_sets"("product_id");

-- CreateIndex
CREATE INDEX "change_sets_revision_id_idx" ON "change_sets"("revision_id");

-- CreateIndex
CREATE INDEX "change_sets_status_idx" ON "change_sets"("status");

-- CreateIndex
CREATE UNIQUE INDEX "change_sets_product_id_revision_id_key" ON "change_sets"("product_id", "revision_id");

-- CreateIndex
CREATE UNIQUE INDEX "export_subscriptions_name_key" ON "export_subscriptions"("name");

-- CreateIndex
CREATE INDEX "export_subscriptions_exchange_data_set_id_idx" ON "export_subscriptions"("exchange_data_set_id");

-- CreateIndex
CREATE UNIQUE INDEX "export_subscriptions_data_set_destination_key" ON "export_subscriptions"("exchange_data_set_id", "destination_bucket", "key_pattern");

-- CreateIndex
CREATE UNIQUE INDEX "export_runs_job_id_key" ON "export_runs"("job_id");

-- CreateIndex
CREATE INDEX "export_runs_status_next_attempt_at_idx" ON "export_runs"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "export_runs_subscription_id_idx" ON "export_runs"("subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "export_runs_revision_destination_key" ON "export_runs"("exchange_revision_id", "destination_bucket", "destination_key_pattern");

-- AddForeignKey
ALTER TABLE "data_source_data_sets" ADD CONSTRAINT "data_source_data_sets_data_set_id_fkey" FOREIGN KEY ("data_set_id") REFERENCES "data_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_source_data_sets" ADD CONSTRAINT "data_source_data_sets_data_source_id_fkey" FOREIGN KEY ("data_source_id") REFERENCES "data_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_set_products" ADD CONSTRAINT "data_set_products_data_set_id_fkey" FOREIGN KEY ("data_set_id") REFERENCES "data_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_set_products" ADD CONSTRAINT "data_set_products_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_runs" ADD CONSTRAINT "publish_runs_data_set_id_fkey" FOREIGN KEY ("data_set_id") REFERENCES "data_sets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_run_steps" ADD CONSTRAINT "publish_run_steps_publish_run_id_fkey" FOREIGN KEY ("publish_run_id") REFERENCES "publish_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_data_set_id_fkey" FOREIGN KEY ("data_set_id") REFERENCES "data_sets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_publish_run_id_fkey" FOREIGN KEY ("publish_run_id") REFERENCES "publish_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exchange_jobs" ADD CONSTRAINT "exchange_jobs_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "revisions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change_sets" ADD CONSTRAINT "change_sets_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change_sets" ADD CONSTRAINT "change_sets_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "revisions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_runs" ADD CONSTRAINT "export_runs_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "exchange_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_runs" ADD CONSTRAINT "export_runs_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "export_subscriptions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma's schema language has no CHECK constraints): generation 0 is a day's
-- regular publication; any other generation is a forced re-publish and must be marked so.
ALTER TABLE "publish_runs" ADD CONSTRAINT "publish_runs_forced_generation_check" CHECK ("generation" >= 0 AND "forced" = ("generation" > 0));
