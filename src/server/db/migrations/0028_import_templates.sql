CREATE TABLE "source_channels" (
	"key" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"synonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "legacy_number" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "legacy_number" text;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "value_mapping" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_legacy_number_idx" ON "customers" USING btree ("legacy_number") WHERE "customers"."legacy_number" is not null;--> statement-breakpoint
CREATE INDEX "leads_legacy_number_idx" ON "leads" USING btree ("legacy_number") WHERE "leads"."legacy_number" is not null;--> statement-breakpoint
-- The channels Kehu had as a fixed list, with the other names teams give them.
INSERT INTO "source_channels" ("key", "name_zh", "name_en", "synonyms", "sort_order") VALUES
  ('trade_show', '展会', 'Trade show', ARRAY['行业展会', '展会推广', '展览会', '博览会', 'Exhibition'], 10),
  ('search_ads', '搜索推广', 'Search ads', ARRAY['搜索引擎', '搜索引擎推广', '百度推广', '网络广告', '竞价广告', '线上推广', 'SEM', 'SEO'], 20),
  ('referral', '转介绍', 'Referral', ARRAY['推荐', '客户推荐', '合作伙伴转介绍', '老客户介绍'], 30),
  ('website', '官网', 'Website', ARRAY['网站', '官方网站', '客户自助咨询', '在线咨询'], 40),
  ('social_media', '社交媒体', 'Social media', ARRAY['微信', '社媒', '微信公众号', '微博', '抖音', '小红书'], 50),
  ('phone_in', '电话咨询', 'Phone-in', ARRAY['来电', '电话', '400电话'], 60),
  ('email', '邮件', 'Email', ARRAY['电子邮件', '邮件营销', 'E-mail'], 70),
  ('other', '其他', 'Other', ARRAY['其它'], 80);
