// The admin API answers only peers on the loopback interface (IPv4, IPv6 and IPv4-mapped IPv6).

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
