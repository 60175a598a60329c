using System.Globalization;
using Spectre.Console;

namespace Classifier;

/// <summary>Prints an evaluation as Spectre tables: the confusion matrix with each class's accuracy.</summary>
internal static class Report
{
    public static void Confusion(Evaluation evaluation, IReadOnlyList<string> classes, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Confusion matrix on the test set (rows: true class, columns: predicted)");
        table.AddColumn(new TableColumn("true \\ pred").RightAligned());
        for (var p = 0; p < classes.Count; p++)
        {
            table.AddColumn(new TableColumn(p.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }

        table.AddColumn(new TableColumn("accuracy").RightAligned());
        for (var t = 0; t < classes.Count; t++)
        {
            var cells = new List<string> { Markup.Escape(classes[t]) };
            for (var p = 0; p < classes.Count; p++)
            {
                var count = evaluation.Confusion[t, p];
                var text = count.ToString(CultureInfo.InvariantCulture);
                cells.Add(t == p ? $"[green]{text}[/]" : count == 0 ? $"[grey]{text}[/]" : $"[red]{text}[/]");
            }

            cells.Add(evaluation.ClassAccuracy(t).ToString("P1", CultureInfo.InvariantCulture));
            table.AddRow(cells.ToArray());
        }

        console.Write(table);
    }
}
