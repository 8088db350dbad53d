-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "secret_access_key" TEXT;
