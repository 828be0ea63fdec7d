using System;
using System.Diagnostics;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Scratch
{
    [Explicit]
    public class DeployProfile
    {
        [Test]
        public void Run()
        {
            var ml = new MLContext(seed: 1);
            var type = typeof(global::AnoOnly.Benchmarks.Program).Assembly.GetType("AnoOnly.Benchmarks.Data.SyntheticSet")!;
            object set = type.GetMethod("Create")!.Invoke(null, new object[] { 10_000, 30, 1 })!;
            var train = (IDataView)type.GetMethod("TrainView")!.Invoke(set, new object[] { ml })!;
            var score = (IDataView)type.GetMethod("FeatureView")!.Invoke(set, new object[] { ml })!;
            var backbone = Enum.Parse<AnoOnlyBackbone>(Environment.GetEnvironmentVariable("BACKBONE") ?? "DeepSad");
            var model = ml.Transforms.NormalizeMinMax("Features").Append(ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options
                { Backbone = backbone, Seed = 1, NumberOfEpochs = 5, BatchesPerEpoch = 5 })).Fit(train);
            var pca = ml.Transforms.NormalizeMinMax("Features").Append(ml.AnomalyDetection.Trainers.RandomizedPca(featureColumnName: "Features", rank: 10)).Fit(train);
            bool pcaOnly = Environment.GetEnvironmentVariable("PCA") != null;
            for (int round = 0; round < 6; round++)
            {
                foreach (var (name, m) in new (string, ITransformer)[] { ("anoonly", model), ("pca", pca) })
                {
                    if (pcaOnly != (name == "pca")) continue;
                    var w = Stopwatch.StartNew();
                    long rows = 0;
                    while (w.Elapsed.TotalSeconds < 2)
                    {
                        var view = m.Transform(score);
                        var col = view.Schema["Score"];
                        using var cursor = view.GetRowCursor(new[] { col });
                        var getter = cursor.GetGetter<float>(col);
                        float s = 0;
                        while (cursor.MoveNext()) { getter(ref s); rows++; }
                    }
                    TestContext.Progress.WriteLine($"{name}: {rows / w.Elapsed.TotalSeconds:N0} rows/s");
                }
            }
        }
    }
}
