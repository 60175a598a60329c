using Samples.Common;
using Tour;

// The AutoDiffGen tour: the PyTorch "tensor basics" and autograd tutorials, scenario by scenario, on built-in data.
// Run with: dotnet run --project samples/Tour [-- --out DIR]   (plots go to ./out/tour by default)
TourOptions options;
try
{
    options = TourSample.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"Tour: {e.Message}");
    return 2;
}

TourSample.Run(options, Console.Out);
return 0;
