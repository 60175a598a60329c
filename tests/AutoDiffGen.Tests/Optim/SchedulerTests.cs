namespace AutoDiffGen.Tests.Optim;

/// <summary>Learning-rate sequences against PyTorch's documented examples and closed forms.</summary>
public class SchedulerTests
{
    private static Sgd Opt(double lr) => new([Tensor.Zeros(1)], lr: lr);

    /// <summary>The rates seen by epochs 0..n-1: the rate after construction, then after each Step().</summary>
    private static double[] Sequence(Optimizer opt, LRScheduler scheduler, int n)
    {
        var rates = new double[n];
        for (var e = 0; e < n; e++)
        {
            rates[e] = opt.LearningRate;
            Assert.Equal(opt.LearningRate, scheduler.LastLearningRate);
            Assert.Equal(e, scheduler.LastEpoch);
            scheduler.Step();
        }

        return rates;
    }

    [Fact]
    public void StepLR_follows_the_documented_example()
    {
        // PyTorch docs: lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 60; 0.0005 if 60 <= epoch < 90.
        var opt = Opt(0.05);
        var rates = Sequence(opt, new StepLR(opt, stepSize: 30, gamma: 0.1), 90);
        for (var e = 0; e < 90; e++)
        {
            Assert.Equal(e < 30 ? 0.05 : e < 60 ? 0.005 : 0.0005, rates[e], 15);
        }
    }

    [Fact]
    public void LinearLR_follows_the_documented_example()
    {
        // PyTorch docs (start_factor=0.5, total_iters=4): 0.025, 0.03125, 0.0375, 0.04375, then 0.05.
        var opt = Opt(0.05);
        var rates = Sequence(opt, new LinearLR(opt, startFactor: 0.5, totalIters: 4), 8);
        Assert.Equal([0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05, 0.05, 0.05], rates.Select(r => Math.Round(r, 15)));
    }

    [Fact]
    public void LinearLR_defaults_warm_up_from_a_third()
    {
        var opt = Opt(0.3);
        var scheduler = new LinearLR(opt);
        Assert.Equal(0.1, opt.LearningRate, 15);
        var rates = Sequence(opt, scheduler, 7);
        for (var e = 0; e < 7; e++)
        {
            Assert.Equal(0.3 * ((1.0 / 3) + ((2.0 / 3) * Math.Min(e, 5) / 5)), rates[e], 15);
        }
    }

    [Fact]
    public void CosineAnnealingLR_is_the_closed_form()
    {
        var opt = Opt(0.1);
        var rates = Sequence(opt, new CosineAnnealingLR(opt, tMax: 10, etaMin: 0.001), 25);
        for (var e = 0; e < 25; e++)
        {
            Assert.Equal(0.001 + ((0.1 - 0.001) * (1 + Math.Cos(Math.PI * e / 10)) / 2), rates[e], 15);
        }

        Assert.Equal(0.001, rates[10], 15);
        Assert.Equal(0.1, rates[20], 15);
    }

    [Fact]
    public void SequentialLR_warms_up_then_anneals()
    {
        var opt = Opt(0.2);
        var warmup = new LinearLR(opt, startFactor: 0.1, totalIters: 4);
        var cosine = new CosineAnnealingLR(opt, tMax: 10);
        var schedule = new SequentialLR(opt, [warmup, cosine], milestones: [4]);
        var rates = Sequence(opt, schedule, 20);
        for (var e = 0; e < 20; e++)
        {
            var expected = e < 4
                ? 0.2 * (0.1 + (0.9 * e / 4))
                : 0.2 * (1 + Math.Cos(Math.PI * (e - 4) / 10)) / 2;
            Assert.Equal(expected, rates[e], 15);
        }
    }

    [Fact]
    public void SequentialLR_with_three_stages_switches_at_each_milestone()
    {
        var opt = Opt(1.0);
        var a = new LinearLR(opt, startFactor: 0.5, endFactor: 0.5, totalIters: 1);
        var b = new StepLR(opt, stepSize: 1, gamma: 0.9);
        var c = new CosineAnnealingLR(opt, tMax: 4, etaMin: 0.5);
        var rates = Sequence(opt, new SequentialLR(opt, [a, b, c], milestones: [2, 5]), 9);
        double[] expected = [0.5, 0.5, 1, 0.9, 0.81, 1, 0.5 + (0.5 * (1 + Math.Cos(Math.PI / 4)) / 2), 0.75, 0.5 + (0.5 * (1 + Math.Cos(3 * Math.PI / 4)) / 2)];
        for (var e = 0; e < expected.Length; e++)
        {
            Assert.Equal(expected[e], rates[e], 14);
        }
    }

    [Fact]
    public void Chained_schedulers_share_the_initial_learning_rate()
    {
        var opt = Opt(0.4);
        var first = new LinearLR(opt, startFactor: 0.25);
        var second = new StepLR(opt, stepSize: 3);
        Assert.Equal(0.4, first.BaseLearningRate);
        Assert.Equal(0.4, second.BaseLearningRate);
    }

    [Fact]
    public void Bad_arguments_are_reported()
    {
        var opt = Opt(0.1);
        Assert.Contains("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(opt, 0)).Message);
        Assert.Contains("tMax", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(opt, 0)).Message);
        Assert.Contains("startFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(opt, startFactor: 0)).Message);
        Assert.Contains("endFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(opt, endFactor: 1.5)).Message);
        var s = new StepLR(opt, 2);
        var other = new StepLR(Opt(0.1), 2);
        Assert.Contains("one milestone fewer", Assert.Throws<ArgumentException>(() => new SequentialLR(opt, [s, s], [])).Message);
        Assert.Contains("another optimizer", Assert.Throws<ArgumentException>(() => new SequentialLR(opt, [s, other], [3])).Message);
        Assert.Contains("increasing", Assert.Throws<ArgumentException>(() => new SequentialLR(opt, [s, s, s], [3, 3])).Message);
    }
}
