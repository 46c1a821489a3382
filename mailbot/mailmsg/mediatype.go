package mailmsg

import (
	"io"
	"mime"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-message/textproto"

	"mailbot/classify/clean"
)

// contentType is a parsed Content-Type or Content-Disposition value.
type contentType struct {
	mediaType string            // lower case, "text/plain"
	params    map[string]string // keys lower case, values decoded
}

// looseParam matches one name=value parameter when mime.ParseMediaType
// rejects the whole value (duplicate names, stray characters, bad quoting).
var looseParam = regexp.MustCompile(`([A-Za-z0-9*_.-]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;\s]+)`)

// parseContentType reads the Content-Type of an entity, def when it is
// missing or has no type/subtype (RFC 2045 section 5.2).
func (p *parser) parseContentType(h textproto.Header, def, where string) contentType {
	ct := p.parseParamField(h, "Content-Type", where)
	if !strings.Contains(ct.mediaType, "/") {
		ct.mediaType = def
	}
	return ct
}

// parseParamField parses a "value; name=value" field such as Content-Type
// or Content-Disposition. mime.ParseMediaType decodes RFC 2231 parameters;
// when it fails, parameters are picked out one by one.
func (p *parser) parseParamField(h textproto.Header, key, where string) contentType {
	raw := h.Get(key)
	if raw == "" {
		return contentType{params: map[string]string{}}
	}
	v, params, err := mime.ParseMediaType(raw)
	if err != nil {
		// Trailing semicolons, unquoted 8-bit names and the like are
		// common and harmless: only an unreadable value is a problem.
		v, _, _ = strings.Cut(raw, ";")
		v = strings.ToLower(strings.Trim(v, " \t\"'"))
		params = looseParams(raw)
		if v == "" {
			p.problemf("en-tête %s illisible dans %s : %.60q", key, where, raw)
		}
	}
	for k, pv := range params {
		// Outlook and others put RFC 2047 words in quoted names, which
		// RFC 2047 section 5 forbids but every reader accepts.
		if dec, err := wordDecoder.DecodeHeader(pv); err == nil {
			params[k] = validUTF8(dec)
		}
	}
	return contentType{mediaType: v, params: params}
}

// looseParams picks name=value pairs out of a malformed field; the first
// value of a name wins.
func looseParams(raw string) map[string]string {
	params := map[string]string{}
	_, rest, _ := strings.Cut(raw, ";")
	for _, m := range looseParam.FindAllStringSubmatch(rest, -1) {
		name := strings.ToLower(m[1])
		if _, dup := params[name]; !dup {
			params[name] = strings.Trim(m[2], `"`)
		}
	}
	return params
}

// rfc2231Value matches an extended parameter value charset'lang'%XX
// (RFC 2231 section 4) in a charset that mime.ParseMediaType refuses (it
// only accepts UTF-8 and US-ASCII).
var rfc2231Value = regexp.MustCompile(`(?i)\b(?:file)?name\*(?:0\*)?\s*=\s*"?([A-Za-z0-9_.:-]+)'[^']*'([^;"\s]+)`)

// filename returns the decoded file name of a part: Content-Disposition
// filename first, then the older Content-Type name parameter, then a
// lenient RFC 2231 reading of either.
func filename(h textproto.Header, disp, ct contentType) string {
	return shortName(rawFilename(h, disp, ct))
}

// shortName keeps a file name to maxNameBytes, its extension kept, so
// that hostile names of megabytes cost nothing downstream.
func shortName(name string) string {
	if len(name) <= maxNameBytes {
		return name
	}
	ext := path.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	return clean.Cut(name, maxNameBytes-len(ext)-len("…")) + "…" + ext
}

func rawFilename(h textproto.Header, disp, ct contentType) string {
	if name := disp.params["filename"]; name != "" {
		return name
	}
	if name := ct.params["name"]; name != "" {
		return name
	}
	for _, key := range []string{"Content-Disposition", "Content-Type"} {
		m := rfc2231Value.FindStringSubmatch(h.Get(key))
		if m == nil {
			continue
		}
		raw, err := url.PathUnescape(m[2])
		if err != nil {
			continue
		}
		cr, err := charset.Reader(m[1], strings.NewReader(raw))
		if err != nil {
			return validUTF8(raw)
		}
		var b strings.Builder
		if _, err := io.Copy(&b, cr); err == nil {
			return b.String()
		}
	}
	return ""
}
