package plan

import "strconv"

// FileError is an input error located in a file, printed as "FILE:LINE: message".
type FileError struct {
	File string // path relative to the repository root, or as the user named it
	Line int    // 1-based; 0 when no line applies
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Err.Error()
	}
	return e.File + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }

// Finding is one problem found by Validate.
type Finding struct {
	File    string
	Line    int // 1-based; 0 when the finding concerns the whole file or directory
	Message string
}

// String formats the finding as "FILE:LINE: message", or "FILE: message" without a line.
func (f Finding) String() string {
	if f.Line > 0 {
		return f.File + ":" + strconv.Itoa(f.Line) + ": " + f.Message
	}
	return f.File + ": " + f.Message
}

// SplitMode selects how Split finds points in a document.
type SplitMode string

// Split modes.
const (
	SplitNumbered SplitMode = "numbered"
	SplitHeadings SplitMode = "headings"
)

// SplitPoint is one point found in an imported document.
type SplitPoint struct {
	Label   string
	Title   string
	Section []string
	Text    string
	Line    int // 1-based line in the input where the point starts
}
