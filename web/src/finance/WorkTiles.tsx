// Tiles for what the money built (works by status, production projects, outputs), once the server gives
// them (/api/finance/tiles); until then nothing is shown.
export function WorkTiles(_: { unit: string; year: number }) {
  return null;
}
