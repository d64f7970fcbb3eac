/**
 * Size limits a lab must respect. They keep a hostile or broken file from exhausting the tab or
 * the CLI, and mirror limits of the tools labs are exported to.
 */
export const LIMITS = {
  /** Far beyond the design target (a 1,000-node cluster behind a few dozen switches). */
  devices: 100_000,
  links: 500_000,
  interfacesPerDevice: 4_096,
  addressesPerInterface: 256,
  neighborsPerDevice: 10_000,
  /** Generic cap for any other list (routes, policies, services, expectations, …). */
  listItems: 100_000,
  /** Device, cluster and pod names become hostnames / DNS labels (RFC 1123: 63 octets). */
  nameLength: 63,
  /** Linux IFNAMSIZ is 16 including the terminating NUL. */
  interfaceNameLength: 15,
  /** Any other string (descriptions, verbatim config lines). */
  stringLength: 10_000,
  /** Lab files larger than this are refused before parsing. */
  fileBytes: 64 * 1024 * 1024,
  /** Nesting deeper than this is refused (the model itself is less than 10 levels deep). */
  depth: 64,
} as const;
