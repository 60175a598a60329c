// Compiled by the generated user project (ImplicitUsings off, global namespace), not by the test project.
// Checks each fuzzed method: WithGradient(...).Value against the method itself, bit for bit, and every gradient
// element against central finite differences of a plain method (the method itself, or the double twin of a float
// method). Points where two step sizes disagree (a kink, a branch flip) are skipped, not judged.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using AutoDiffGen;

public sealed class FuzzPoint
{
    public FuzzPoint(double[] x, int n)
    {
        X = x;
        N = n;
    }

    public double[] X { get; }

    public int N { get; }
}

public sealed class FuzzHarness
{
    private readonly List<string> _failures = new List<string>();
    private int _judged;
    private int _skipped;
    private int _lastBits;

    /// <summary>Runs the checks of every generated program in the assembly (types named *_Check, by name).</summary>
    public static void RunAll(Assembly assembly)
    {
        var harness = new FuzzHarness();
        foreach (var type in assembly.GetTypes().Where(t => t.Name.EndsWith("_Check", StringComparison.Ordinal)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            type.GetMethod("Run")!.Invoke(null, new object[] { harness });
        }
    }

    /// <summary>
    /// The checker's own check, so a broken checker cannot pass everything: a right gradient passes, a gradient off
    /// by 1e-4 and a value off by one bit fail, a jump between the step sizes is skipped.
    /// </summary>
    public static void SelfTest()
    {
        Func<double[], double> f = v => Math.Sin(v[0]) * v[1];
        var x = new[] { 0.3, 0.7 };
        var right = new[] { Math.Cos(0.3) * 0.7, Math.Sin(0.3) };
        var h = new FuzzHarness();
        h.Point(x, 0, f(x), f(x), right, f, false, true);
        var passes = h._failures.Count == 0 && h._judged == 1;
        h.Point(x, 0, f(x), f(x), new[] { right[0] * (1 + 1e-4), right[1] }, f, false, true);
        var wrongGradient = h._failures.Count == 1;
        h.Point(x, 0, f(x), Math.BitIncrement(f(x)), right, f, false, true);
        var wrongValue = h._failures.Count == 2;
        Func<double[], double> jump = v => v[0] > 0.3 + 1e-6 ? 1 + v[1] : v[1];
        h.Point(x, 0, jump(x), jump(x), new[] { 0.0, 1.0 }, jump, false, true);
        var skipsJump = h._failures.Count == 2 && h._skipped == 1;
        Console.WriteLine(passes && wrongGradient && wrongValue && skipsJump
            ? "FUZZ SELFTEST OK"
            : "FUZZ SELFTEST FAIL passes=" + passes + " wrongGradient=" + wrongGradient + " wrongValue=" + wrongValue + " skipsJump=" + skipsJump);
    }

    /// <summary>Runs one method's checks and prints one line: FUZZ OK or FUZZ FAIL, with the method's id.</summary>
    public void Method(string id, Action body)
    {
        _failures.Clear();
        _judged = 0;
        _skipped = 0;
        _lastBits = 0;
        try
        {
            body();
        }
        catch (Exception e)
        {
            var frame = e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
            _failures.Add("crash: " + e.GetType().Name + ": " + e.Message.Replace('\n', ' ') + " " + frame);
        }

        if (_failures.Count == 0)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "FUZZ OK {0} judged={1} skipped={2} lastbits={3}", id, _judged, _skipped, _lastBits));
        }
        else
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "FUZZ FAIL {0} {1}", id, _failures[0]));
        }
    }

    /// <summary>Three points: inputs in [-1.5, 1.5] (float-representable for float methods), n in 0..4.</summary>
    public IEnumerable<FuzzPoint> Points(int seed, int count, bool isFloat)
    {
        var rng = new Random(seed);
        for (var p = 0; p < 3; p++)
        {
            var x = new double[count];
            for (var i = 0; i < count; i++)
            {
                var v = Math.Round((rng.NextDouble() * 3) - 1.5, 3) + 1e-4;
                x[i] = isFloat ? (double)(float)v : v;
            }

            yield return new FuzzPoint(x, rng.Next(0, 5));
        }
    }

    public static Tensor Tensor(double[] x, int offset, int[] shape)
    {
        var size = 1;
        foreach (var s in shape)
        {
            size *= s;
        }

        return AutoDiffGen.Tensor.FromArray(x.Skip(offset).Take(size).ToArray(), shape);
    }

    /// <summary>Gradient parts (double, float, Tensor) as one vector in parameter order.</summary>
    public static double[] Flat(params object[] parts)
    {
        var result = new List<double>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case double d: result.Add(d); break;
                case float f: result.Add(f); break;
                case AutoDiffGen.Tensor t: result.AddRange(t.Contiguous().To(DType.Float64).ToArray<double>()); break;
                default: throw new InvalidOperationException("gradient part of type " + (part?.GetType().Name ?? "null"));
            }
        }

        return result.ToArray();
    }

    /// <summary>The value's bits: a double, a float or every element of a tensor.</summary>
    public static string Bits(object value) => value switch
    {
        double d => BitConverter.DoubleToInt64Bits(d).ToString("X16", CultureInfo.InvariantCulture) + " (" + d.ToString("R", CultureInfo.InvariantCulture) + ")",
        float f => BitConverter.SingleToInt32Bits(f).ToString("X8", CultureInfo.InvariantCulture) + " (" + f.ToString("R", CultureInfo.InvariantCulture) + ")",
        AutoDiffGen.Tensor t => string.Join(",", t.Shape.ToArray()) + ":" + string.Join(" ", t.Contiguous().ToArray<double>().Select(e => Bits(e))),
        _ => throw new InvalidOperationException("value of type " + value.GetType().Name),
    };

    /// <summary>One point: the value's bits, then each gradient element against central differences of f.</summary>
    /// <param name="strictBits">False: a tensor value may differ from the method's in the last bits (counted).</param>
    public void Point(double[] x, int n, object plain, object withGradient, double[] gradient, Func<double[], double> f, bool isFloat, bool strictBits)
    {
        var f0 = f(x);
        if (double.IsNaN(f0) || Math.Abs(f0) > 1e6)
        {
            _skipped++;
            return;
        }

        var plainBits = Bits(plain);
        var valueBits = Bits(withGradient);
        if (plainBits != valueBits && !strictBits && Close(Flat(plain), Flat(withGradient)))
        {
            _lastBits++;
        }
        else if (plainBits != valueBits)
        {
            _failures.Add("value: WithGradient(...).Value " + valueBits + " but the method returns " + plainBits + Where(x, n));
            return;
        }

        if (isFloat)
        {
            var single = Convert.ToDouble(plain, CultureInfo.InvariantCulture);
            if (Math.Abs(single - f0) > 1e-4 * (1 + Math.Abs(f0)))
            {
                _skipped++;   // float rounding took another path than the double twin (a branch on a value)
                return;
            }
        }

        if (gradient.Length != x.Length)
        {
            _failures.Add("gradient: " + gradient.Length + " elements for " + x.Length + " inputs" + Where(x, n));
            return;
        }

        var numeric = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            var d1 = Central(f, x, i, h);
            var d2 = Central(f, x, i, 4 * h);
            if (!double.IsFinite(d1) || !double.IsFinite(d2) || Math.Abs(d1 - d2) > (1e-4 * (1 + Math.Abs(d1))) + (1e-7 * Math.Abs(f0)))
            {
                _skipped++;   // not smooth here: a kink or a branch between x - 4h and x + 4h
                return;
            }

            numeric[i] = d1;
        }

        for (var i = 0; i < x.Length; i++)
        {
            var tolerance = isFloat ? (2e-3 * (1 + Math.Abs(numeric[i]))) + (1e-5 * Math.Abs(f0)) : (1e-5 * (1 + Math.Abs(numeric[i]))) + (1e-8 * Math.Abs(f0));
            if (!(Math.Abs(gradient[i] - numeric[i]) <= tolerance))
            {
                _failures.Add(string.Format(CultureInfo.InvariantCulture, "gradient: element {0} is {1:R}, finite differences {2:R}{3}", i, gradient[i], numeric[i], Where(x, n)));
                return;
            }
        }

        _judged++;
    }

    private static bool Close(double[] a, double[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!(Math.Abs(a[i] - b[i]) <= 1e-12 * (1 + Math.Abs(a[i]))))
            {
                return false;
            }
        }

        return true;
    }

    private static double Central(Func<double[], double> f, double[] x, int i, double h)
    {
        var up = (double[])x.Clone();
        var down = (double[])x.Clone();
        up[i] += h;
        down[i] -= h;
        return (f(up) - f(down)) / (2 * h);
    }

    private static string Where(double[] x, int n) =>
        " at x = [" + string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "], n = " + n.ToString(CultureInfo.InvariantCulture);
}
