# Flattens a JSON document into one `path=value` line per scalar, e.g.
#   {"networks":[{"ip_address":"10.0.0.5","routes":[{"gateway":"10.0.0.1"}]}]}
# becomes
#   networks.0.ip_address=10.0.0.5
#   networks.0.routes.0.gateway=10.0.0.1
# Object members are named by key, array elements by index (from 0). Strings lose their quotes and
# escapes (\uXXXX is left as is); numbers, true, false and null are printed as written.
# Runs under busybox awk in the test VM's initramfs, where there is no JSON parser.

function path(    p, k) {
    p = ""
    for (k = 1; k <= depth; k++) p = p (k > 1 ? "." : "") name[k]
    return p
}

{ text = text $0 "\n" }

END {
    n = length(text); depth = 0; i = 1
    while (i <= n) {
        c = substr(text, i, 1)
        if (c == "{" || c == "[") {
            depth++; kind[depth] = c; name[depth] = (c == "[") ? 0 : ""; wantkey[depth] = (c == "{")
            i++
        } else if (c == "}" || c == "]") {
            depth--; i++
        } else if (c == ",") {
            if (kind[depth] == "[") name[depth]++; else wantkey[depth] = 1
            i++
        } else if (c == ":") {
            wantkey[depth] = 0; i++
        } else if (c == "\"") {
            v = ""; i++
            while (i <= n) {
                c = substr(text, i, 1)
                if (c == "\\") {
                    i++; c = substr(text, i, 1)
                    if (c == "n") c = "\n"; else if (c == "t") c = "\t"; else if (c == "u") c = "\\u"
                } else if (c == "\"") {
                    break
                }
                v = v c; i++
            }
            i++
            if (kind[depth] == "{" && wantkey[depth]) name[depth] = v; else print path() "=" v
        } else if (c ~ /[ \t\r\n]/) {
            i++
        } else {
            v = ""
            while (i <= n && substr(text, i, 1) !~ /[],} \t\r\n]/) { v = v substr(text, i, 1); i++ }
            print path() "=" v
        }
    }
}
