using AutoDiffGen.Formatting;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>How tensors print (like <c>torch.set_printoptions</c>); PyTorch's defaults unless changed.</summary>
    public static TensorPrintOptions PrintOptions { get; set; } = TensorPrintOptions.Default;

    /// <summary>Prints like PyTorch: <c>tensor([[1., 2.],\n        [3., 4.]])</c>, with a dtype suffix where it is not the default.</summary>
    public override string ToString() => TensorFormatter.Format(this, PrintOptions);

    /// <summary>Prints with the given options instead of <see cref="PrintOptions"/>.</summary>
    public string ToString(TensorPrintOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TensorFormatter.Format(this, options);
    }
}
