//! Decoding source bytes. sturdy edits UTF-8 files (with or without a BOM). A file
//! that declares another encoding (PEP 263) is processed only when it is pure ASCII,
//! where both readings agree; otherwise it is reported and left alone.

/// The encoding named by a PEP 263 coding line in the first two lines, if any.
pub fn coding_cookie(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for (i, line) in bytes.split(|&b| b == b'\n').take(2).enumerate() {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
        if !trimmed.starts_with('#') {
            // Only a comment (or a blank first line) may precede the cookie.
            if i == 0 && trimmed.trim().is_empty() {
                continue;
            }
            return None;
        }
        if let Some(pos) = trimmed.find("coding") {
            let rest = &trimmed[pos + "coding".len()..];
            if let Some(rest) = rest.strip_prefix([':', '=']) {
                let name: String = rest
                    .trim_start_matches([' ', '\t'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .collect();
                if !name.is_empty() {
                    return Some(name);
                }
            }
        }
    }
    None
}

fn is_utf8_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('_', "-");
    n == "utf-8" || n == "utf8" || n.starts_with("utf-8-") || n == "utf-8-sig"
}

/// Why a file's bytes were not decoded: where (1-based line and byte column) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column.
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Decode a file's bytes, or explain (with the line) why sturdy will not edit it.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    // Python refuses source with a NUL byte anywhere (even in a string literal, which
    // the parser would accept), so such a file is reported, never rewritten.
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position(&bytes, at);
        return Err(DecodeError {
            line,
            column,
            message: "the file contains a NUL byte, which Python does not accept; the file is left unchanged".to_string(),
        });
    }
    let cookie = coding_cookie(&bytes).filter(|c| !is_utf8_name(c));
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(c) = cookie
                && !text.is_ascii()
            {
                return Err(DecodeError {
                    line: 1,
                    column: 1,
                    message: format!(
                        "the file declares `coding: {c}` and contains non-ASCII text; sturdy only edits UTF-8 files (convert it to UTF-8 to migrate it)"
                    ),
                });
            }
            Ok(text)
        }
        Err(e) => {
            let (line, column) = position(e.as_bytes(), e.utf8_error().valid_up_to());
            let why = match cookie {
                Some(c) => format!("the file is encoded as `{c}`"),
                None => "the file is not valid UTF-8".to_string(),
            };
            Err(DecodeError {
                line,
                column,
                message: format!(
                    "{why}; sturdy only edits UTF-8 files (convert it to UTF-8 to migrate it)"
                ),
            })
        }
    }
}

/// 1-based line and byte column of byte offset `at`.
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let col = at
        - bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cookies() {
        assert_eq!(
            coding_cookie(b"# -*- coding: latin-1 -*-\nx=1\n").as_deref(),
            Some("latin-1")
        );
        assert_eq!(
            coding_cookie(b"#!/usr/bin/env python\n# vim: set fileencoding=koi8-r :\n").as_deref(),
            Some("koi8-r")
        );
        assert_eq!(coding_cookie(b"x = 1\n# coding: latin-1\n"), None);
    }

    #[test]
    fn decodes() {
        assert!(decode(b"# coding: latin-1\nx = 1\n".to_vec()).is_ok());
        let err = decode(b"# coding: latin-1\nx = '\xe9'\n".to_vec())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("2:6: the file is encoded as `latin-1`"),
            "{err}"
        );
        assert!(decode("# coding: utf-8\nx = 'é'\n".as_bytes().to_vec()).is_ok());
        let err = decode(b"x = 1\ny = '\0'\n".to_vec())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("2:6: the file contains a NUL byte"),
            "{err}"
        );
        assert!(
            decode(b"\xEF\xBB\xBFx = 1\n".to_vec())
                .unwrap()
                .starts_with('\u{feff}')
        );
    }
}
