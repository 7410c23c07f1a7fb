-- vn_fold made cheaper, with the same result for every text (issue #14, import speed). The 0016 form was the
-- largest single cost of writing members (the generated column members.full_name_folded): every name
-- decomposed (normalize), a regular expression run over it, then translate(), whose look-up of each
-- character is a linear scan of its list. Names are stored NFC (cleanText at the edge, and 0016 made the
-- older rows so), in ASCII and the precomposed Vietnamese letters, so they now take a fast path:
--
-- A text made only of ASCII and of characters whose whole 0016 fold is one ASCII letter or nothing — the
-- precomposed Vietnamese letters (small and capital), đ Đ, the look-alikes 0016 maps (and Ё, which 0016
-- decomposes to the look-alike Е and a mark), the apostrophes and invisible characters 0016 removes — is
-- folded by one translate() to, character by character, exactly what 0016 has before its lower(), then
-- lower(). Why that is 0016's result: NFD turns each of these characters into itself, or into one letter
-- followed by marks of U+0300–U+036F, all of which 0016 removes; the canonical reordering NFD then does
-- moves only such marks (every other character here is a starter, combining class 0), among themselves;
-- the removal and 0016's translate() act on one character at a time; so 0016's text before lower() is the
-- concatenation of each character's, which this translate() writes, and lower() gets the same text (so the
-- result is the same under every collation). Any other text (NFD, another mark, another alphabet, a
-- character outside the BMP…) takes the 0016 form unchanged, the ELSE below; the test costs little.
-- test/db/vn-fold.test.ts checks this form against 0016's on every character of the Basic Multilingual
-- Plane alone, between letters and before a mark, and on random texts of Vietnamese, ASCII, combining
-- marks, invisible characters, look-alikes and arbitrary Unicode. bench/vn-fold.bench.ts measures both.
--
-- translate()'s list starts with the characters most frequent in Vietnamese names (counted over the name
-- lists of bench/data/generate.ts: space, n, g, h, u, T, N…), the plain ASCII letters among them mapped to
-- themselves, so most characters are found after a few comparisons instead of after the whole list; the
-- order changes nothing else (each character is listed once, the removed ones last, past the end of the
-- second list).
--
-- Still LANGUAGE sql with one expression, so it is inlined into the generated columns' expressions and the
-- queries (t is used three times, which PostgreSQL inlines when the argument is a column or a parameter),
-- IMMUTABLE and PARALLEL SAFE, as the generated columns of 0012 and the indexes of 0012 and 0015 need.
-- CREATE OR REPLACE FUNCTION recomputes neither the stored generated columns (households.head_name_folded,
-- members.full_name_folded) nor the indexes over them: right only because the result is the same for every
-- text, so what is stored is what this function gives. On Citus the function is distributed
-- (src/db/citus/0001_distribute.sql), so the replacement reaches the workers; a database distributed later
-- takes this definition.
CREATE OR REPLACE FUNCTION vn_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN t ~ '^[\u0001-\u007FễịêàâĐơầạưếọồôứũăữùệảờặỗáằắấềìĩợúủụòýãẳẵẩẫậèéẻẽẹểíỉóỏõốổộớởỡừửựỳỷỹỵđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴаАвВеЕёкКмМнНоОрРсСтТуУхХіІјЈѕЅԛԚԝԜðÐɗƊɖƉıοΟαΑνΝρΡτΤυΥιΙκΚЁ\u2019\u2018\u200B-\u200D\u2060\uFEFF\u00AD]*$'
    THEN lower(translate(t,
      E' nghuTNyiaễHLPcmịêoMràVâĐơầạưếọCKQồôứXũăữDùtệBảAGSờặỗeáằắấềìĩợúủụOUYòýbdfjklpqsvwxzãẳẵẩẫậèéẻẽẹểíỉóỏõốổộớởỡừửựỳỷỹỵđEFIJRWZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴаАвВеЕёкКмМнНоОрРсСтТуУхХіІјЈѕЅԛԚԝԜðÐɗƊɖƉıοΟαΑνΝρΡτΤυΥιΙκΚЁ''\u2019\u2018`\u200B\u200C\u200D\u2060\uFEFF\u00AD',
      ' nghuTNyiaeHLPcmieoMraVadoaaueoCKQoouXuauDuteBaAGSoaoeaaaaeiiouuuOUYoybdfjklpqsvwxzaaaaaaeeeeeeiiooooooooouuuyyyydEFIJRWZAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYaabbeeekkmmhhooppccttyyxxiijjssqqwwddddddiooaavvppttuuiikke'))
    ELSE lower(translate(
      regexp_replace(normalize(t, NFD),
        '[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\u200B-\u200D\u2060\uFEFF\u00AD''’‘`]', '', 'g'),
      'đĐаАвВеЕёкКмМнНоОрРсСтТуУхХіІјЈѕЅԛԚԝԜðÐɗƊɖƉıοΟαΑνΝρΡτΤυΥιΙκΚ',
      'ddaabbeeekkmmhhooppccttyyxxiijjssqqwwddddddiooaavvppttuuiikk'))
  END
$$;
