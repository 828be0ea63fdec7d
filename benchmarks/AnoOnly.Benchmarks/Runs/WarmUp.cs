using System;
using System.Collections.Generic;
using AnoOnly.Benchmarks.Data;
using AnoOnly.Benchmarks.Measurement;
using AnoOnly.Benchmarks.Methods;
using Microsoft.ML;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>
    /// Fits and scores every method once on a small synthetic set before anything is timed, so that loading
    /// native libraries (libtorch, LightGBM) and JIT compilation are not charged to the first measured fit.
    /// </summary>
    internal static class WarmUp
    {
        public static void Run(IEnumerable<IBenchmarkMethod> methods)
        {
            var ml = new MLContext(seed: 1);
            var set = SyntheticSet.Create(2_000, 8, seed: 1);
            IDataView train = set.TrainView(ml);
            IDataView score = set.FeatureView(ml);
            foreach (IBenchmarkMethod method in methods)
            {
                try
                {
                    ITransformer model = method.Fit(ml, train, new FitContext(1, Quick: true, 8));
                    ScoringSpeed.CountRows(model.Transform(score));
                    ScoringSpeed.PredictionEngineMicroseconds(ml, model, set.Features, 0.01);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A method that fails here fails again, with a note, when it is measured.
                }
            }
        }
    }
}
