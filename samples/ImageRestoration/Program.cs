using ImageRestoration;
using Samples.Common;

// Image restoration by gradient descent on built-in pictures: calibrate a scrambler, then recover the picture.
// Run with: dotnet run --project samples/ImageRestoration [-- --out DIR --steps N --calibration-steps N --seed N]
RestorationOptions options;
try
{
    options = RestorationSample.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"ImageRestoration: {e.Message}");
    return 2;
}

RestorationSample.Run(options, Console.Out);
return 0;
