ALTER TABLE "households" ADD COLUMN "split_from" uuid;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "merged_into" uuid;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "dissolved_at" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "left_at" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "left_reason" text;--> statement-breakpoint
-- Accent- and case-insensitive Vietnamese matching for name search on both engines (no unaccent
-- extension needed; lower() after translate, because lower() leaves non-ASCII letters alone under the C
-- collation PGlite uses): "Hoàng Văn Đức" and "hoang van duc" fold to the same text.
CREATE OR REPLACE FUNCTION vn_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(translate(t,
    'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ',
    'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd'))
$$;
