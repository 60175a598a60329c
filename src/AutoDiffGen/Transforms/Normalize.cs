using System.Numerics.Tensors;

namespace AutoDiffGen.Transforms;

/// <summary>
/// Standardises each channel, like <c>transforms.Normalize(mean, std)</c>: output[c] = (input[c] − mean[c]) / std[c]
/// for a float tensor [..., C, H, W], computed in the tensor's dtype (mean and std are rounded to it first, as
/// torchvision does). One value for mean or std applies to every channel. Returns a new tensor, or with
/// <c>inplace: true</c> writes into a contiguous input.
/// </summary>
/// <remarks>
/// <para>In a data pipeline, right after <see cref="ToTensor"/> (which made a fresh tensor nobody else holds), use
/// <c>inplace: true</c>, as torchvision users do for speed: one tensor per sample instead of two. In a
/// <c>new Compose&lt;Image&gt;(new ToTensor(), new Normalize(mean, std))</c> it does not matter: the two steps run
/// as one pass over the pixels that writes the normalised floats directly (same values bit for bit).</para>
/// <para>Elsewhere, keep the default (a copy): in place on a tensor that is also used elsewhere (a dataset's stored
/// tensor, a <c>TensorDataset</c> row) would change that tensor too.</para>
/// </remarks>
public sealed class Normalize : Transform<Tensor, Tensor>
{
    private readonly double[] _mean;
    private readonly double[] _std;

    /// <exception cref="ArgumentException">mean or std is empty, or a std is zero or not finite.</exception>
    public Normalize(double[] mean, double[] std, bool inplace = false)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || std.Length == 0)
        {
            throw new ArgumentException("Normalize: mean and std need one value per channel (or one for all channels).");
        }

        for (var i = 0; i < std.Length; i++)
        {
            if ((float)std[i] == 0 || !double.IsFinite(std[i]))
            {
                throw new ArgumentException(
                    $"Normalize: std[{i}] = {std[i]} would divide by zero (or is not finite); every std must be a non-zero number.", nameof(std));
            }
        }

        _mean = [.. mean];
        _std = [.. std];
        Inplace = inplace;
    }

    /// <summary>Whether a contiguous input is overwritten instead of copied (torchvision's <c>inplace</c>).</summary>
    public bool Inplace { get; }

    public IReadOnlyList<double> Mean => _mean;

    public IReadOnlyList<double> Std => _std;

    public override Tensor Apply(Tensor input, Generator generator)
    {
        ImageTensors.RequireRank(input, 3, "Normalize");
        ImageTensors.RequireFloat(input, "Normalize");
        var channels = input.Size(-3);
        if (!Fits(channels))
        {
            CheckChannels(channels, input.Shape.ToString());
        }

        var x = input.Contiguous();
        var result = Inplace && ReferenceEquals(x, input) ? x : Tensor.Allocate(x.DType, x._shape);
        var plane = input.Size(-2) * input.Size(-1);
        var planes = plane == 0 ? 0 : x.NumElements / plane;
        for (var p = 0; p < planes; p++)
        {
            var c = p % channels;
            var m = _mean[_mean.Length == 1 ? 0 : c];
            var s = _std[_std.Length == 1 ? 0 : c];
            if (x.DType == DType.Float32)
            {
                var destination = result.ContiguousSpan<float>().Slice(p * plane, plane);
                TensorPrimitives.Subtract(x.ContiguousSpan<float>().Slice(p * plane, plane), (float)m, destination);
                TensorPrimitives.Divide(destination, (float)s, destination);
            }
            else
            {
                var destination = result.ContiguousSpan<double>().Slice(p * plane, plane);
                TensorPrimitives.Subtract(x.ContiguousSpan<double>().Slice(p * plane, plane), m, destination);
                TensorPrimitives.Divide(destination, s, destination);
            }
        }

        return result;
    }

    /// <summary>The mean and std of channel <paramref name="channel"/>, rounded to float32.</summary>
    internal (float Mean, float Std) Channel(int channel) =>
        ((float)_mean[_mean.Length == 1 ? 0 : channel], (float)_std[_std.Length == 1 ? 0 : channel]);

    /// <summary>Whether mean and std have one value, or one per channel of an image of <paramref name="channels"/> channels.</summary>
    internal bool Fits(int channels) => (_mean.Length == 1 || _mean.Length == channels) && (_std.Length == 1 || _std.Length == channels);

    /// <summary>Throws unless mean and std have one value, or one per channel of the image (shape <paramref name="shape"/>).</summary>
    internal void CheckChannels(int channels, string shape)
    {
        Check("mean", _mean.Length);
        Check("std", _std.Length);

        void Check(string name, int values)
        {
            if (values != 1 && values != channels)
            {
                throw new TensorShapeException(
                    $"Normalize: {name} has {values} values but the image {shape} has {channels} channels (dim -3); " +
                    $"give {channels} values, or one for all channels.");
            }
        }
    }
}
