// A multipart/form-data body as a browser sends it (text fields, then one file), for routes that take an
// upload with fields; send it with `multipartHeaders` as the content type.
const BOUNDARY = '----giamngheo-test-boundary';

export const multipartHeaders = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

export function multipartForm(
  fields: Record<string, string>,
  file?: { name: string; bytes: Buffer; field?: string },
): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}
