-- AlterTable
ALTER TABLE "export_runs" ADD COLUMN     "revision_created_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "export_runs_subscription_id_revision_created_at_idx" ON "export_runs"("subscription_id", "revision_created_at");
