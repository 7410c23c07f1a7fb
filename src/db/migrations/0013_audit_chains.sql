-- One audit chain per province and a national one (docs/adr/0011-audit-chains.md): every entry so far
-- stays in the national chain ('') with its number; the key becomes (chain, seq).
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_pkey" PRIMARY KEY("chain","seq");
