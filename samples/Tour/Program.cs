using AutoDiffGen;
using Tour;

// The AutoDiffGen tour: the PyTorch "tensor basics" tutorial, scenario by scenario, on built-in data.
// Run with: dotnet run --project samples/Tour
Console.WriteLine("AutoDiffGen tour — tensor basics, as in the PyTorch tutorials");
Console.WriteLine();

TensorBasics.Create();
TensorBasics.Inspect();
TensorBasics.Arithmetic();
TensorBasics.ReshapeAndIndex();
TensorBasics.Reduce();
TensorBasics.TypesAndDevices();
TensorBasics.LinearAlgebra();
TensorBasics.Reproducibility();

Console.WriteLine("Done. Autograd, training loops and plots join the tour as the generator and training issues land.");
