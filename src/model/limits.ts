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
  /**
   * Lab files larger than this (UTF-8 bytes) are refused before parsing. A lab at the device
   * limit must still reopen: 100,000 hosts with one addressed interface each are 24.6 MB as
   * routelab writes JSON and 15 MB as YAML (measured with serializeLab); at 20,000 such hosts
   * parseLabFile took 0.6 s for JSON and 4.4 s for YAML here, so 32 MiB bounds a load to about
   * a minute of YAML parsing, and a 50 MB file is refused at once (issue 10).
   */
  fileBytes: 32 * 1024 * 1024,
  /** Nesting deeper than this is refused (the model itself is less than 10 levels deep). */
  depth: 64,
} as const;
