using System.Globalization;

namespace AutoDiffGen;

/// <summary>What the target column of a CSV file holds, and so the dtype of <see cref="CsvDataset.Target"/>.</summary>
public enum CsvTarget
{
    /// <summary>Numbers, for regression: a float32 target.</summary>
    Float32,

    /// <summary>Integer class indices (0, 1, 2, …): an int64 target, as <c>Losses.CrossEntropy</c> takes.</summary>
    Int64,

    /// <summary>
    /// Class names ("setosa", "versicolor", …): numbered in sorted (ordinal) order like <see cref="ImageFolder"/>'s
    /// classes, as an int64 target; <see cref="CsvDataset.Classes"/> lists the names by index.
    /// </summary>
    ClassNames,
}

/// <summary>Reads numeric tables from CSV files into tensors (the job pandas' <c>read_csv</c> does in PyTorch tutorials).</summary>
public static class Csv
{
    /// <summary>
    /// Reads <paramref name="path"/>: every column but <paramref name="targetColumn"/> and <paramref name="dropColumns"/>
    /// becomes a float32 feature, in file order. Numbers are parsed in the invariant culture ("1.5", "-2e3", "NaN");
    /// quoted fields (RFC 4180) are allowed. A cell that is not a number, or a row with the wrong number of cells,
    /// is a <see cref="DatasetFormatException"/> naming the file, line and column.
    /// </summary>
    /// <param name="path">The CSV file (UTF-8, with or without a byte-order mark).</param>
    /// <param name="targetColumn">The name of the target column (needs a header).</param>
    /// <param name="hasHeader">Whether the first row names the columns; without one they are named "0", "1", ….</param>
    /// <param name="target">How to read the target (a number, an integer class index, or a class name).</param>
    /// <param name="separator">The field separator (',' by default; ';' or '\t' for other dialects).</param>
    /// <param name="dropColumns">Columns to leave out, e.g. an id column.</param>
    public static CsvDataset Read(string path, string targetColumn, bool hasHeader = true, CsvTarget target = CsvTarget.Float32,
        char separator = ',', IEnumerable<string>? dropColumns = null)
    {
        ArgumentNullException.ThrowIfNull(targetColumn);
        var (header, rows) = Load(path, hasHeader, separator);
        var index = Array.IndexOf(header, targetColumn);
        if (index < 0)
        {
            throw new ArgumentException($"Csv.Read: {path} has no column '{targetColumn}'; its columns are {string.Join(", ", header)}.", nameof(targetColumn));
        }

        if (Array.LastIndexOf(header, targetColumn) != index)
        {
            throw new ArgumentException($"Csv.Read: {path} has more than one column named '{targetColumn}'; pass its index instead.", nameof(targetColumn));
        }

        return Build(path, header, rows, index, target, dropColumns);
    }

    /// <summary>Like <see cref="Read(string, string, bool, CsvTarget, char, IEnumerable{string}?)"/>, with the target column by 0-based index.</summary>
    public static CsvDataset Read(string path, int targetColumn, bool hasHeader = true, CsvTarget target = CsvTarget.Float32,
        char separator = ',', IEnumerable<string>? dropColumns = null)
    {
        var (header, rows) = Load(path, hasHeader, separator);
        if ((uint)targetColumn >= (uint)header.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(targetColumn), targetColumn, $"Csv.Read: {path} has {header.Length} columns (0..{header.Length - 1}).");
        }

        return Build(path, header, rows, targetColumn, target, dropColumns);
    }

    private static (string[] Header, List<CsvRecord> Rows) Load(string path, bool hasHeader, char separator)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"Csv.Read: '{separator}' cannot separate fields.", nameof(separator));
        }

        var rows = CsvParser.Parse(path, File.ReadAllText(path), separator);
        if (rows.Count == 0)
        {
            throw new DatasetFormatException(path, 1, null, $"{path}: the file is empty; expected {(hasHeader ? "a header row and " : "")}data rows.");
        }

        string[] header;
        if (hasHeader)
        {
            header = rows[0].Fields;
            rows.RemoveAt(0);
            if (rows.Count == 0)
            {
                throw new DatasetFormatException(path, 2, null, $"{path}: the file has a header row but no data rows.");
            }
        }
        else
        {
            header = new string[rows[0].Fields.Length];
            for (var i = 0; i < header.Length; i++)
            {
                header[i] = i.ToString(CultureInfo.InvariantCulture);
            }
        }

        foreach (var row in rows)
        {
            if (row.Fields.Length != header.Length)
            {
                throw new DatasetFormatException(path, row.Line, null, string.Create(CultureInfo.InvariantCulture,
                    $"{path}, line {row.Line}: {row.Fields.Length} cells, but {(hasHeader ? "the header has" : "the first row has")} {header.Length}.")
                    + " Quote cells that contain the separator.");
            }
        }

        return (header, rows);
    }

    private static CsvDataset Build(string path, string[] header, List<CsvRecord> rows, int targetIndex, CsvTarget target, IEnumerable<string>? dropColumns)
    {
        var dropped = new HashSet<string>(dropColumns ?? [], StringComparer.Ordinal);
        foreach (var name in dropped)
        {
            if (Array.IndexOf(header, name) < 0)
            {
                throw new ArgumentException($"Csv.Read: cannot drop column '{name}': {path} has no such column; its columns are {string.Join(", ", header)}.", nameof(dropColumns));
            }
        }

        var columns = Enumerable.Range(0, header.Length).Where(c => c != targetIndex && !dropped.Contains(header[c])).ToArray();
        var features = Tensor.Allocate(DType.Float32, [rows.Count, columns.Length]);
        var values = features.ContiguousSpan<float>();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var f = 0; f < columns.Length; f++)
            {
                values[(r * columns.Length) + f] = (float)ParseNumber(path, rows[r], columns[f], header);
            }
        }

        var (targets, classes) = ReadTarget(path, header, rows, targetIndex, target);
        return new CsvDataset(path, features, targets, [.. columns.Select(c => header[c])], header[targetIndex], classes);
    }

    private static (Tensor Target, string[]? Classes) ReadTarget(string path, string[] header, List<CsvRecord> rows, int column, CsvTarget target)
    {
        switch (target)
        {
            case CsvTarget.Float32:
                var floats = new float[rows.Count];
                for (var r = 0; r < rows.Count; r++)
                {
                    floats[r] = (float)ParseNumber(path, rows[r], column, header);
                }

                return (Tensor.FromArray(floats, [rows.Count]), null);
            case CsvTarget.Int64:
                var longs = new long[rows.Count];
                for (var r = 0; r < rows.Count; r++)
                {
                    var cell = rows[r].Fields[column];
                    if (!long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out longs[r]))
                    {
                        throw CellError(path, rows[r], header[column], $"'{cell}' is not an integer class index; use CsvTarget.Float32 for numbers or CsvTarget.ClassNames for names");
                    }
                }

                return (Tensor.FromArray(longs, [rows.Count]), null);
            case CsvTarget.ClassNames:
                var classes = rows.Select(r => r.Fields[column]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                var lookup = classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => (long)p.i, StringComparer.Ordinal);
                return (Tensor.FromArray(rows.Select(r => lookup[r.Fields[column]]).ToArray(), [rows.Count]), classes);
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "Csv.Read: unknown CsvTarget.");
        }
    }

    private static double ParseNumber(string path, CsvRecord row, int column, string[] header)
    {
        var cell = row.Fields[column];
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw CellError(path, row, header[column], cell.Trim().Length == 0
                ? "the cell is empty; fill in or drop rows with missing values, or drop the column"
                : $"'{cell}' is not a number (numbers use '.' as the decimal point); drop the column with dropColumns, or encode it as numbers");
    }

    private static DatasetFormatException CellError(string path, CsvRecord row, string column, string detail) =>
        new(path, row.Line, column, string.Create(CultureInfo.InvariantCulture, $"{path}, line {row.Line}, column '{column}': {detail}."));
}
