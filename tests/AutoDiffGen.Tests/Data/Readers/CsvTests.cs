namespace AutoDiffGen.Tests.Data.Readers;

/// <summary>CSV tables into feature and target tensors.</summary>
public class CsvTests
{
    private const string Iris = """
        sepal_length,sepal_width,petal_length,species
        5.1,3.5,1.4,setosa
        7.0,3.2,4.7,versicolor
        6.3,3.3,6.0,virginica
        4.9,3.0,1.4,setosa
        """;

    [Fact]
    public void Read_splits_features_and_a_float_target_by_column_name()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("houses.csv", "rooms,area,price\n3,70.5,210000\n4,1e2,3.5e5\n-1,0.25,NaN\n");

        var table = Csv.Read(path, "price");

        Assert.Equal(["rooms", "area"], table.FeatureNames);
        Assert.Equal("price", table.TargetName);
        Assert.Equal(3, table.Count);
        Assert.Equal([3, 2], table.Features.Shape.ToArray());
        Assert.Equal([3f, 70.5f, 4f, 100f, -1f, 0.25f], table.Features.ToArray<float>());
        Assert.Equal(DType.Float32, table.Target.DType);
        var target = table.Target.ToArray<float>();
        Assert.Equal([210000f, 350000f], target[..2]);
        Assert.True(float.IsNaN(target[2]));
        var (features, y) = table[1];
        Assert.Equal([4f, 100f], features.ToArray<float>());
        Assert.Equal(350000f, y.Item<float>());
    }

    [Fact]
    public void Class_names_become_int64_labels_in_ordinal_order()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("iris.csv", Iris);

        var iris = Csv.Read(path, "species", target: CsvTarget.ClassNames);

        Assert.Equal(["setosa", "versicolor", "virginica"], iris.Classes!);
        Assert.Equal(DType.Int64, iris.Target.DType);
        Assert.Equal([0L, 1, 2, 0], iris.Target.ToArray<long>());
        Assert.Equal([4, 3], iris.Features.Shape.ToArray());
    }

    [Fact]
    public void Integer_targets_read_as_int64_and_reject_fractions()
    {
        using var dir = new TempDir();
        var good = dir.WriteText("good.csv", "x,label\n0.5,2\n1.5,0\n");
        var bad = dir.WriteText("bad.csv", "x,label\n0.5,2\n1.5,0.5\n");

        Assert.Equal([2L, 0], Csv.Read(good, "label", target: CsvTarget.Int64).Target.ToArray<long>());
        var e = Assert.Throws<DatasetFormatException>(() => Csv.Read(bad, "label", target: CsvTarget.Int64));
        Assert.Equal((3, "label"), (e.Line, e.Column));
    }

    [Fact]
    public void A_non_numeric_cell_names_the_file_line_and_column()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("data.csv", "a,b,y\n1,2,3\n4,five,6\n");

        var e = Assert.Throws<DatasetFormatException>(() => Csv.Read(path, "y"));

        Assert.Equal(path, e.FilePath);
        Assert.Equal(3, e.Line);
        Assert.Equal("b", e.Column);
        Assert.Contains($"{path}, line 3, column 'b': 'five' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_use_the_invariant_culture_so_a_decimal_comma_is_an_error_not_a_thousand()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("data.csv", "a,y\n\"1,5\",1\n");

        var e = Assert.Throws<DatasetFormatException>(() => Csv.Read(path, "y"));

        Assert.Equal((2, "a"), (e.Line, e.Column));
        Assert.Contains("'1,5' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_fields_keep_separators_quotes_and_line_breaks_and_lines_are_still_counted()
    {
        using var dir = new TempDir();
        var text = "id,note,x,y\r\n1,\"plain\",1,2\r\n2,\"with, comma and \"\"quotes\"\"\nand a line break\",3,4\r\n\r\n3,,5,oops\r\n";
        var path = dir.WriteText("notes.csv", text);

        var e = Assert.Throws<DatasetFormatException>(() => Csv.Read(path, "y", dropColumns: ["id", "note"]));
        Assert.Equal((6, "y"), (e.Line, e.Column));

        var fixedPath = dir.WriteText("fixed.csv", text.Replace("oops", "6", StringComparison.Ordinal));
        var table = Csv.Read(fixedPath, "y", dropColumns: ["id", "note"]);
        Assert.Equal(["x"], table.FeatureNames);
        Assert.Equal([1f, 3f, 5f], table.Features.ToArray<float>());
        Assert.Equal([2f, 4f, 6f], table.Target.ToArray<float>());
    }

    [Fact]
    public void Without_a_header_columns_are_numbered_and_the_target_is_chosen_by_index()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("plain.csv", "1;2;0\n3;4;1\n");

        var table = Csv.Read(path, 2, hasHeader: false, target: CsvTarget.Int64, separator: ';');

        Assert.Equal(["0", "1"], table.FeatureNames);
        Assert.Equal("2", table.TargetName);
        Assert.Equal([1f, 2f, 3f, 4f], table.Features.ToArray<float>());
        Assert.Equal([0L, 1], table.Target.ToArray<long>());
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_names_its_line()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("data.csv", "a,b,y\n1,2,3\n4,5\n");

        var e = Assert.Throws<DatasetFormatException>(() => Csv.Read(path, "y"));

        Assert.Equal(3, e.Line);
        Assert.Contains("2 cells, but the header has 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_names_the_line_it_opened_on()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("data.csv", "a,y\n1,2\n\"3,4\n5,6\n");

        var e = Assert.Throws<DatasetFormatException>(() => Csv.Read(path, "y"));

        Assert.Equal(3, e.Line);
        Assert.Contains("never closed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_data_rows_is_an_error()
    {
        using var dir = new TempDir();
        Assert.Contains("no data rows", Assert.Throws<DatasetFormatException>(() => Csv.Read(dir.WriteText("h.csv", "a,y\n"), "y")).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<DatasetFormatException>(() => Csv.Read(dir.WriteText("e.csv", "\n\n"), "y")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_cell_is_reported_as_missing()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("data.csv", "a,y\n1,2\n,4\n");

        var e = Assert.Throws<DatasetFormatException>(() => Csv.Read(path, "y"));

        Assert.Equal((3, "a"), (e.Line, e.Column));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_target_or_dropped_columns_list_the_columns_there_are()
    {
        using var dir = new TempDir();
        var path = dir.WriteText("iris.csv", Iris);

        var e = Assert.Throws<ArgumentException>(() => Csv.Read(path, "label"));
        Assert.Contains("sepal_length, sepal_width, petal_length, species", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Csv.Read(path, "species", target: CsvTarget.ClassNames, dropColumns: ["petal"]));
    }
}
