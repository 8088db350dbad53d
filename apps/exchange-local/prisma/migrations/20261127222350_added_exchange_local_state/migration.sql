-- CreateEnum
CREATE TYPE "data_set_origin" AS ENUM ('OWNED', 'ENTITLED');

-- CreateEnum
CREATE TYPE "asset_type" AS ENUM ('S3_SNAPSHOT', 'REDSHIFT_DATA_SHARE', 'API_GATEWAY_API', 'S3_DATA_ACCESS', 'LAKE_FORMATION_DATA_PERMISSION');

-- CreateEnum
CREATE TYPE "job_type" AS ENUM ('IMPORT_ASSETS_FROM_S3', 'IMPORT_ASSET_FROM_SIGNED_URL', 'EXPORT_ASSETS_TO_S3', 'EXPORT_ASSET_TO_SIGNED_URL', 'EXPORT_REVISIONS_TO_S3');

-- CreateEnum
CREATE TYPE "job_state" AS ENUM ('WAITING', 'IN_PROGRESS', 'ERROR', 'COMPLETED', 'CANCELLED', 'TIMED_OUT');

-- CreateEnum
CREATE TYPE "change_set_status" AS ENUM ('PREPARING', 'APPLYING', 'SUCCEEDED', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "change_set_intent" AS ENUM ('VALIDATE', 'APPLY');

-- CreateTable
CREATE TABLE "accounts" (
    "access_key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_sets" (
    "account_id" TEXT NOT NULL,
    "asset_type" "asset_type" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "description" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "origin" "data_set_origin" NOT NULL,
    "product_id" TEXT,
    "source_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "data_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "revisions" (
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" TEXT NOT NULL,
    "finalized" BOOLEAN NOT NULL DEFAULT false,
    "id" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "revocation_comment" TEXT,
    "revoked" BOOLEAN NOT NULL DEFAULT false,
    "revoked_at" TIMESTAMPTZ(3),
    "source_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assets" (
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "revision_id" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "source_id" TEXT,
    "storage_key" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "assets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "account_id" TEXT NOT NULL,
    "asset_configuration" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "errors" JSONB,
    "event_action_id" TEXT,
    "finished_at" TIMESTAMPTZ(3),
    "id" TEXT NOT NULL,
    "lease_expires_at" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "revision_id" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "state" "job_state" NOT NULL DEFAULT 'WAITING',
    "type" "job_type" NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_actions" (
    "account_id" TEXT NOT NULL,
    "action" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tags" (
    "account_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key" TEXT NOT NULL,
    "resource_arn" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "tags_pkey" PRIMARY KEY ("account_id","resource_arn","key")
);

-- CreateTable
CREATE TABLE "products" (
    "auto_publish" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "description" TEXT NOT NULL DEFAULT '',
    "id" TEXT NOT NULL,
    "owner_account_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_data_sets" (
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data_set_id" TEXT NOT NULL,
    "last_revision_added_at" TIMESTAMPTZ(3),
    "product_id" TEXT NOT NULL,

    CONSTRAINT "product_data_sets_pkey" PRIMARY KEY ("product_id","data_set_id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "product_id" TEXT NOT NULL,
    "subscriber_account_id" TEXT NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("product_id","subscriber_account_id")
);

-- CreateTable
CREATE TABLE "change_sets" (
    "account_id" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "client_request_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_time" TIMESTAMPTZ(3),
    "entity_ids" TEXT[],
    "failure_code" TEXT,
    "failure_description" TEXT,
    "id" TEXT NOT NULL,
    "intent" "change_set_intent" NOT NULL,
    "lease_expires_at" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "name" TEXT,
    "request_hash" TEXT NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "change_set_status" NOT NULL DEFAULT 'PREPARING',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "change_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "topic" TEXT NOT NULL,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_access_key_id_key" ON "accounts"("access_key_id");

-- CreateIndex
CREATE INDEX "data_sets_account_id_origin_created_at_idx" ON "data_sets"("account_id", "origin", "created_at");

-- CreateIndex
CREATE INDEX "data_sets_product_id_idx" ON "data_sets"("product_id");

-- CreateIndex
CREATE INDEX "data_sets_source_id_idx" ON "data_sets"("source_id");

-- CreateIndex
CREATE UNIQUE INDEX "data_sets_product_id_source_id_key" ON "data_sets"("product_id", "source_id");

-- CreateIndex
CREATE INDEX "revisions_data_set_id_created_at_idx" ON "revisions"("data_set_id", "created_at");

-- CreateIndex
CREATE INDEX "revisions_source_id_idx" ON "revisions"("source_id");

-- CreateIndex
CREATE UNIQUE INDEX "revisions_data_set_id_source_id_key" ON "revisions"("data_set_id", "source_id");

-- CreateIndex
CREATE INDEX "assets_data_set_id_idx" ON "assets"("data_set_id");

-- CreateIndex
CREATE INDEX "assets_revision_id_name_idx" ON "assets"("revision_id", "name");

-- CreateIndex
CREATE INDEX "assets_source_id_idx" ON "assets"("source_id");

-- CreateIndex
CREATE UNIQUE INDEX "assets_revision_id_source_id_key" ON "assets"("revision_id", "source_id");

-- CreateIndex
CREATE INDEX "jobs_account_id_created_at_idx" ON "jobs"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "jobs_event_action_id_idx" ON "jobs"("event_action_id");

-- CreateIndex
CREATE INDEX "jobs_state_lease_expires_at_idx" ON "jobs"("state", "lease_expires_at");

-- CreateIndex
CREATE INDEX "event_actions_account_id_created_at_idx" ON "event_actions"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "event_actions_data_set_id_idx" ON "event_actions"("data_set_id");

-- CreateIndex
CREATE INDEX "tags_resource_arn_idx" ON "tags"("resource_arn");

-- CreateIndex
CREATE INDEX "products_owner_account_id_idx" ON "products"("owner_account_id");

-- CreateIndex
CREATE INDEX "product_data_sets_data_set_id_idx" ON "product_data_sets"("data_set_id");

-- CreateIndex
CREATE INDEX "product_data_sets_product_id_idx" ON "product_data_sets"("product_id");

-- CreateIndex
CREATE INDEX "subscriptions_product_id_idx" ON "subscriptions"("product_id");

-- CreateIndex
CREATE INDEX "subscriptions_subscriber_account_id_idx" ON "subscriptions"("subscriber_account_id");

-- CreateIndex
CREATE INDEX "change_sets_account_id_start_time_idx" ON "change_sets"("account_id", "start_time");

-- CreateIndex
CREATE INDEX "change_sets_status_lease_expires_at_idx" ON "change_sets"("status", "lease_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "change_sets_account_id_client_request_token_key" ON "change_sets"("account_id", "client_request_token");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_created_at_idx" ON "outbox_events"("published_at", "created_at");

-- AddForeignKey
ALTER TABLE "data_sets" ADD CONSTRAINT "data_sets_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_sets" ADD CONSTRAINT "data_sets_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_sets" ADD CONSTRAINT "data_sets_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "data_sets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_data_set_id_fkey" FOREIGN KEY ("data_set_id") REFERENCES "data_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "revisions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_revision_id_fkey" FOREIGN KEY ("revision_id") REFERENCES "revisions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assets" ADD CONSTRAINT "assets_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_actions" ADD CONSTRAINT "event_actions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_actions" ADD CONSTRAINT "event_actions_data_set_id_fkey" FOREIGN KEY ("data_set_id") REFERENCES "data_sets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_owner_account_id_fkey" FOREIGN KEY ("owner_account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_data_sets" ADD CONSTRAINT "product_data_sets_data_set_id_fkey" FOREIGN KEY ("data_set_id") REFERENCES "data_sets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_data_sets" ADD CONSTRAINT "product_data_sets_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_subscriber_account_id_fkey" FOREIGN KEY ("subscriber_account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change_sets" ADD CONSTRAINT "change_sets_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
