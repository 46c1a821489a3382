// Package llm asks an OpenAI-compatible chat model (OpenAI, Azure OpenAI,
// Ollama, vLLM, llama.cpp) for a second opinion on a mail's category; it
// implements [classify.Adviser].
//
// # Trust
//
// The mail is untrusted data. It travels JSON-encoded between <courriel>
// tags in the user message (JSON escapes '<' and '>', so the mail cannot
// close the tag), and the system prompt says it holds no instructions.
//
// The model's answer is untrusted too. It is requested with a strict JSON
// schema and then checked again here: it must be exactly
// {"category": one of the 13, "confidence": 0..1}. Anything else (unknown
// category, extra field, extra text, refusal, HTTP error, timeout) is an
// error, and the caller falls back to its rules. Nothing in the answer can
// name a recipient, a template or an action.
//
// # Privacy
//
// With [Config].Redact, e-mail addresses and phone numbers are replaced
// before the request leaves the machine (see [Redact]), and the text is cut
// to [Config].MaxChars characters. This package logs nothing, so the mail
// text never reaches a log from here.
package llm
