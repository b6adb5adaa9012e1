package dns

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/stsim/stsim/api"
)

// IP address rules shared by validation, allocation and the zone.

const msgInvalidIP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"

// validateIP checks an IP of a legacy field with strict validation, as
// StrictIPCIDRValidation (beta, on in v1.37) does; values in old are
// accepted as they are (upstream: apimachinery util/validation/ip.go
// IsValidIPForLegacyField).
func validateIP(path *api.Path, value string, old []string) api.ErrorList {
	for _, o := range old {
		if o == value {
			return nil
		}
	}
	addr, err := netip.ParseAddr(value)
	if err != nil {
		if sloppyIPv4(value) {
			return api.ErrorList{api.Invalid(path, value, "must not have leading 0s")}
		}
		return api.ErrorList{api.Invalid(path, value, msgInvalidIP)}
	}
	if addr.Is4In6() {
		return api.ErrorList{api.Invalid(path, value, "must not be an IPv4-mapped IPv6 address")}
	}
	return nil
}

// sloppyIPv4 reports whether s is a dotted quad whose octets only fail
// strict parsing because of leading zeros (what ParseIPSloppy accepts).
func sloppyIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] == '+' || p[0] == '-' || n > 255 {
			return false
		}
	}
	return true
}

// familyOf returns IPv6 for an IPv6 address and IPv4 otherwise.
func familyOf(ip string) string {
	if strings.Contains(ip, ":") {
		return IPv6
	}
	return IPv4
}

func itoa(n int) string { return strconv.Itoa(n) }
