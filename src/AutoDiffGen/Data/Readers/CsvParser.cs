using System.Text;

namespace AutoDiffGen;

/// <summary>One row of a CSV file: its fields and the 1-based line it starts on.</summary>
internal readonly record struct CsvRecord(int Line, string[] Fields);

/// <summary>
/// Splits CSV text into records as RFC 4180 describes: fields separated by one character; a field that starts
/// with a double quote runs to the matching closing quote, with <c>""</c> standing for one quote and separators
/// and line breaks inside it kept as data. Lines end with LF or CRLF; blank lines are skipped (as pandas does).
/// </summary>
internal static class CsvParser
{
    public static List<CsvRecord> Parse(string path, string text, char separator)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        while (i < text.Length)
        {
            if (fields.Count == 0 && field.Length == 0 && IsLineEnd(text, i, out var blank))
            {
                // A blank line between records.
                i += blank;
                line++;
                recordLine = line;
                continue;
            }

            if (text[i] == '"' && field.Length == 0)
            {
                i = ReadQuoted(path, text, i, field, ref line);
                if (i < text.Length && text[i] != separator && !IsLineEnd(text, i, out _))
                {
                    throw new DatasetFormatException(path, line, null,
                        $"{path}, line {line}: unexpected '{text[i]}' after a closing quote; inside a quoted field write a quote as \"\".");
                }
            }

            while (i < text.Length && text[i] != separator && !IsLineEnd(text, i, out _))
            {
                field.Append(text[i++]);
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == separator)
            {
                i++;
                if (i == text.Length || IsLineEnd(text, i, out _))
                {
                    // A separator at the end of a line leaves one more, empty, field.
                    fields.Add("");
                }
                else
                {
                    continue;
                }
            }

            if (i < text.Length && IsLineEnd(text, i, out var end))
            {
                i += end;
                line++;
            }

            records.Add(new CsvRecord(recordLine, [.. fields]));
            fields.Clear();
            recordLine = line;
        }

        return records;
    }

    /// <summary>Reads the quoted field starting at <paramref name="start"/>; returns the index after its closing quote.</summary>
    private static int ReadQuoted(string path, string text, int start, StringBuilder field, ref int line)
    {
        var openedOn = line;
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            if (c == '\n')
            {
                line++;
            }

            field.Append(c);
            i++;
        }

        throw new DatasetFormatException(path, openedOn, null,
            $"{path}, line {openedOn}: a quoted field is never closed (the file ends inside it); add the closing quote.");
    }

    private static bool IsLineEnd(string text, int i, out int length)
    {
        length = text[i] == '\n' ? 1 : text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : text[i] == '\r' ? 1 : 0;
        return length > 0;
    }
}
