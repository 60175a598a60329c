using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// A table read by <see cref="Csv.Read(string, string, bool, CsvTarget, char, IEnumerable{string}?)"/>: the feature
/// columns as one float32 tensor [N, F] and the target column as a tensor [N]. Each sample is one row, as views
/// of those tensors; for whole-table training pass <see cref="Features"/> and <see cref="Target"/> to a
/// <c>TensorDataset</c> directly.
/// </summary>
public sealed class CsvDataset : Dataset<(Tensor Features, Tensor Target)>
{
    internal CsvDataset(string filePath, Tensor features, Tensor target, string[] featureNames, string targetName, string[]? classes)
    {
        FilePath = filePath;
        Features = features;
        Target = target;
        FeatureNames = featureNames;
        TargetName = targetName;
        Classes = classes;
    }

    /// <summary>The file the table was read from.</summary>
    public string FilePath { get; }

    /// <summary>The features, float32 [N, F], columns in file order.</summary>
    public Tensor Features { get; }

    /// <summary>The target, [N]: float32 for <see cref="CsvTarget.Float32"/>, int64 otherwise.</summary>
    public Tensor Target { get; }

    /// <summary>The names of the feature columns, in the order of <see cref="Features"/>' columns.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The name of the target column.</summary>
    public string TargetName { get; }

    /// <summary>For <see cref="CsvTarget.ClassNames"/>, the class names by index; otherwise null.</summary>
    public IReadOnlyList<string>? Classes { get; }

    public override int Count => Target.Size(0);

    /// <summary>Row <paramref name="index"/>: its features [F] and its target (0-d), as views.</summary>
    public override (Tensor Features, Tensor Target) this[int index]
    {
        get
        {
            CheckIndex(index);
            return (Features[index], Target[index]);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"CsvDataset({Path.GetFileName(FilePath)}: {Count} rows, {FeatureNames.Count} features, target '{TargetName}')");
}
