using System;
using System.Collections.Generic;
using System.Linq;
using AnoOnly.Benchmarks.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;

namespace AnoOnly.Benchmarks.Methods
{
    /// <summary>
    /// XGBOD (Zhao and Hryniewicki, IJCNN 2018) built from ML.NET parts: the features plus unsupervised outlier
    /// scores computed on the training rows (RandomizedPca's reconstruction error, and the distance to the 1st, 5th
    /// and 10th nearest training row), then LightGBM on the semi-labels. A training row's neighbours exclude the row
    /// itself; a scored row's neighbours are the training rows. This is the strongest few-label detector a user can
    /// assemble from ML.NET's own trainers.
    /// </summary>
    internal sealed class XgbodMethod : IBenchmarkMethod
    {
        private static readonly int[] Neighbours = { 1, 5, 10 };

        public string Name => "XGBOD-LightGbm";

        public BackboneVariant? Variant => null;

        public ITransformer Fit(MLContext mlContext, IDataView train, FitContext context)
        {
            float[][] rows = train.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
            bool[] labels = train.GetColumn<bool>("IsLabeledAnomaly").ToArray();
            var neighbours = new NeighbourDistances(rows, Neighbours);

            ITransformer pca = mlContext.AnomalyDetection.Trainers
                .RandomizedPca("Features", rank: RandomizedPcaMethod.RankFor(context.FeatureCount), ensureZeroMean: true, seed: context.Seed)
                .Fit(train);
            float[] pcaScores = pca.Transform(train).GetColumn<float>("Score").ToArray();
            var augmented = rows.Select((row, i) => new AugmentedRow
            {
                Features = row,
                Outlier = neighbours.LeavingOut(row, i).Append(pcaScores[i]).ToArray(),
                IsLabeledAnomaly = labels[i],
            }).ToArray();
            SchemaDefinition schema = SchemaDefinition.Create(typeof(AugmentedRow));
            schema[nameof(AugmentedRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, context.FeatureCount);
            schema[nameof(AugmentedRow.Outlier)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Neighbours.Length + 1);
            IDataView augmentedView = mlContext.Data.LoadFromEnumerable(augmented, schema);

            var booster = mlContext.Transforms.Concatenate("Boosted", "Features", nameof(AugmentedRow.Outlier))
                .Append(mlContext.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    LabelColumnName = nameof(AugmentedRow.IsLabeledAnomaly),
                    FeatureColumnName = "Boosted",
                    Seed = context.Seed,
                    Silent = true,
                    NumberOfIterations = context.Quick ? 20 : 100,
                }))
                .Fit(augmentedView);

            // Scoring: neighbour distances to the training rows, the PCA score, then the booster. The views below
            // are lazy: fitting the column steps on them reads schemas, not rows.
            ITransformer distances = mlContext.Transforms.CustomMapping<FeaturesRow, NeighbourRow>(
                (input, output) => output.Neighbours = neighbours.Of(input.Features), contractName: null).Fit(train);
            IDataView withScores = pca.Transform(distances.Transform(train));
            ITransformer gather = mlContext.Transforms.Concatenate(nameof(AugmentedRow.Outlier), nameof(NeighbourRow.Neighbours), "Score")
                .Append(mlContext.Transforms.DropColumns("Score", "PredictedLabel"))
                .Fit(withScores);
            ITransformer scoring = distances.Append(pca).Append(gather).Append(booster);
            return scoring;
        }

        private sealed class AugmentedRow
        {
            public float[] Features = Array.Empty<float>();
            public float[] Outlier = Array.Empty<float>();
            public bool IsLabeledAnomaly;
        }

        private sealed class FeaturesRow
        {
            [VectorType]
            public float[] Features = Array.Empty<float>();
        }

        private sealed class NeighbourRow
        {
            [VectorType(3)]
            public float[] Neighbours = Array.Empty<float>();
        }
    }

    /// <summary>Distances from a row to its k-th nearest training rows, by brute force.</summary>
    internal sealed class NeighbourDistances
    {
        private readonly float[][] _reference;
        private readonly int[] _ks;

        public NeighbourDistances(float[][] reference, int[] ks)
        {
            _reference = reference;
            _ks = ks;
        }

        /// <summary>The distances to the k-th nearest training rows, for each k.</summary>
        public float[] Of(float[] row) => LeavingOut(row, -1);

        /// <summary>The same, not counting training row <paramref name="self"/> (a training row is not its own neighbour).</summary>
        public float[] LeavingOut(float[] row, int self)
        {
            int kMax = _ks.Max();
            var nearest = new List<float>(kMax + 1);
            for (int r = 0; r < _reference.Length; r++)
            {
                if (r == self)
                    continue;
                float distance = System.Numerics.Tensors.TensorPrimitives.Distance(row, _reference[r]);
                if (nearest.Count < kMax || distance < nearest[^1])
                {
                    int at = nearest.BinarySearch(distance);
                    nearest.Insert(at < 0 ? ~at : at, distance);
                    if (nearest.Count > kMax)
                        nearest.RemoveAt(kMax);
                }
            }
            return _ks.Select(k => nearest[Math.Min(k, nearest.Count) - 1]).ToArray();
        }
    }
}
