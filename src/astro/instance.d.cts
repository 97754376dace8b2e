export function setArchive(id: string, archive: unknown): void;
export function getArchive(id: string): unknown;
