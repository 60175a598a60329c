namespace AutoDiffGen.Tests.Modules;

/// <summary>model.Save / model.Load round trips through safetensors files.</summary>
public sealed class ModuleCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("adg-module-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SaveAndLoadRestoreParametersAndBuffers()
    {
        var path = Path.Combine(_directory, "scaled.safetensors");
        var source = new Scaled(DType.Float64);
        source.Count.AddInPlace(3);
        source.Save(path);
        Assert.Equal(["count", "inner.bias", "inner.weight", "scale"], SafeTensors.Load(path).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pt", SafeTensors.ReadMetadata(path)["format"]);

        var target = new Scaled(DType.Float64);
        var weight = target.NamedParameters()[0].Value;
        target.Load(path);
        Assert.Same(weight, target.NamedParameters()[0].Value);
        foreach (var (name, tensor) in source.StateDict())
        {
            Assert.Equal(tensor.ToArray<double>(), target.StateDict()[name].ToArray<double>());
        }
    }

    [Fact]
    public void LoadingAnotherArchitectureNamesTheDifferences()
    {
        var path = Path.Combine(_directory, "mlp.safetensors");
        new Mlp(3, 4, 2).Save(path);
        var e = Assert.Throws<CheckpointMismatchException>(() => new Mlp(3, 5, 2).Load(path));
        Assert.Contains("fc1.weight", e.Message, StringComparison.Ordinal);
        Assert.Throws<CheckpointMismatchException>(() => new Stacked(DType.Float32).Load(path));
    }
}
