using System.Security.Cryptography;

namespace AutoDiffGen.Probe;

/// <summary>A small classifier and its data, both drawn from one seed.</summary>
public sealed partial class Classifier : Module
{
    public Classifier(int inputs, int hidden, int classes, Generator generator)
    {
        Fc1 = new Linear(inputs, hidden, generator: generator);
        Fc2 = new Linear(hidden, classes, generator: generator);
    }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    [Differentiable]
    public Tensor Forward(Tensor x) => Fc2.Forward(Fc1.Forward(x).Relu());
}

public static partial class SeededTraining
{
    [Differentiable]
    public static Tensor Loss(Classifier model, [NoDiff] Tensor x, [NoDiff] Tensor y) => Losses.CrossEntropy(model.Forward(x), y);

    /// <summary>
    /// A linearly separable problem: labels are the argmax of a fixed random linear map, points within
    /// <paramref name="margin"/> of a boundary are dropped.
    /// </summary>
    public static (Tensor X, Tensor Y) Data(int count, int inputs, int classes, double margin, Generator generator)
    {
        var map = Tensor.Randn([inputs, classes], DType.Float32, generator);
        var xs = new List<float[]>();
        var ys = new List<long>();
        while (xs.Count < count)
        {
            var x = Tensor.Randn([256, inputs], DType.Float32, generator);
            var scores = Tensor.MatMul(x, map).ToArray<float>();
            var rows = x.ToArray<float>();
            for (var r = 0; r < 256 && xs.Count < count; r++)
            {
                var s = scores.AsSpan(r * classes, classes).ToArray();
                var best = Array.IndexOf(s, s.Max());
                var second = s.Where((_, i) => i != best).Max();
                if (s[best] - second >= margin)
                {
                    xs.Add(rows.AsSpan(r * inputs, inputs).ToArray());
                    ys.Add(best);
                }
            }
        }

        return (Tensor.FromArray(xs.SelectMany(v => v).ToArray(), [count, inputs]), Tensor.FromArray(ys.ToArray(), [count]));
    }

    /// <summary>Trains with Adam on shuffled mini-batches; returns the model.</summary>
    public static Classifier Train(long seed, int steps, Tensor x, Tensor y, int batch = 64)
    {
        // An explicit generator, not the process-wide one that other threads may reseed.
        var model = new Classifier(x.Shape[1], 32, (int)y.Max().Item<long>() + 1, new Generator(seed));
        var opt = new Adam(model.Parameters(), lr: 1e-2);
        var order = new Random((int)seed);
        var count = x.Shape[0];
        for (var step = 0; step < steps; step++)
        {
            var start = order.Next(count - batch);
            var (_, grad) = LossWithGradient(model, x.Narrow(0, start, batch), y.Narrow(0, start, batch));
            opt.Step(grad);
        }

        return model;
    }

    /// <summary>The fraction of rows whose predicted class is the label.</summary>
    public static double Accuracy(Classifier model, Tensor x, Tensor y)
    {
        var predicted = model.Forward(x).ArgMax(1).ToArray<long>();
        var labels = y.ToArray<long>();
        return predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
    }

    /// <summary>SHA-256 of every parameter's bytes in order: equal hashes mean bit-identical weights.</summary>
    public static string WeightsHash(Module model)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, p) in model.NamedParameters())
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.ToArray<float>().AsSpan()));
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Data from <paramref name="seed"/>, then <paramref name="steps"/> training steps; the weights' hash.</summary>
    public static string Run(long seed, int steps)
    {
        var (x, y) = Data(2048, 8, 4, 0.3, new Generator(seed));
        return WeightsHash(Train(seed, steps, x, y));
    }
}
