using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.AnoOnly.Evaluation
{
    /// <summary>
    /// One split of the evaluation protocol, scaled and ready to fit and score: the stratified 70/30 split of
    /// <see cref="SemiSupervisedSplit"/> for a seed (ceil(10 %) of the train anomalies, at least one, keep label 1;
    /// every other train row is unlabeled), then ML.NET's <c>NormalizeMinMax</c> (fixZero: false) fitted on the
    /// train part only and applied to both parts. Every figure the project reports is measured on such splits,
    /// so that numbers from the benchmark, the tests and the reference runs compare.
    /// </summary>
    /// <example>
    /// <code>
    /// LabeledDataset data = LabeledDataset.LoadCsv(mlContext, "6_cardio.csv");
    /// ProtocolSplit split = ProtocolSplit.Prepare(mlContext, data, seed: 1);
    /// var model = mlContext.AnomalyDetection.Trainers.AnoOnly(seed: 1).Fit(split.Train);
    /// float[] scores = model.Transform(split.Test).GetColumn&lt;float&gt;("Score").ToArray();
    /// double aucRoc = AnomalyMetrics.AreaUnderRocCurve(scores, split.TestIsAnomaly);
    /// </code>
    /// </example>
    public sealed class ProtocolSplit
    {
        /// <summary>The feature column of <see cref="Train"/> and <see cref="Test"/>: a <see cref="float"/> vector of
        /// <see cref="FeatureCount"/> values, min-max scaled.</summary>
        public const string FeatureColumnName = "Features";

        /// <summary>The <see cref="float"/> label column: in <see cref="Train"/> 1 = labeled anomaly, 0 = unlabeled (what
        /// <see cref="AnoOnlyTrainer"/> reads); in <see cref="Test"/> the true label, 1 = anomaly (what
        /// <c>AnomalyDetection.Evaluate</c> reads).</summary>
        public const string LabelColumnName = "Label";

        /// <summary>The <see cref="bool"/> copy of the train label, for ML.NET's binary classifiers (only in <see cref="Train"/>).</summary>
        public const string LabeledAnomalyColumnName = "IsLabeledAnomaly";

        private ProtocolSplit(SemiSupervisedSplit split, IDataView train, IDataView test, float[][] trainFeatures, float[][] testFeatures,
            int featureCount)
        {
            Split = split;
            Train = train;
            Test = test;
            TrainFeatures = trainFeatures;
            TestFeatures = testFeatures;
            FeatureCount = featureCount;
        }

        /// <summary>The split before scaling: the train and test rows with their true labels and the train labels
        /// the trainers see.</summary>
        public SemiSupervisedSplit Split { get; }

        /// <summary>The scaled train rows: <see cref="FeatureColumnName"/>, <see cref="LabelColumnName"/> (<see cref="float"/>,
        /// 1 = labeled anomaly) and <see cref="LabeledAnomalyColumnName"/> (the same label as a <see cref="bool"/>).</summary>
        public IDataView Train { get; }

        /// <summary>The scaled test rows: <see cref="FeatureColumnName"/> and <see cref="LabelColumnName"/> (the true label,
        /// <see cref="float"/>, 1 = anomaly), in the order of <see cref="TestIsAnomaly"/>.</summary>
        public IDataView Test { get; }

        /// <summary>The test rows' true labels, in <see cref="Test"/>'s order: what test scores are ranked against.</summary>
        public bool[] TestIsAnomaly => Split.Test.IsAnomaly;

        /// <summary>The scaled train rows as arrays, in <see cref="Train"/>'s order (and that of <see cref="SemiSupervisedSplit.Train"/>):
        /// for views of the train rows with other labels, such as an analyst's loop adds.</summary>
        public float[][] TrainFeatures { get; }

        /// <summary>The scaled test rows as arrays, in <see cref="Test"/>'s order (for a <c>PredictionEngine</c>).</summary>
        public float[][] TestFeatures { get; }

        /// <summary>The number of features per row.</summary>
        public int FeatureCount { get; }

        /// <summary>The number of train rows labeled as anomalies (wrong labels of <c>labelNoise</c> included).</summary>
        public int LabeledAnomalyCount => Split.TrainLabels.Count(label => label);

        /// <summary>Splits, labels and scales <paramref name="data"/> for one seed, as the protocol prescribes: test
        /// fraction 0.3 per class, labeled fraction 0.1 of the train anomalies (unless <paramref name="labeledFraction"/>
        /// says otherwise), min-max scaling fitted on train.</summary>
        /// <param name="mlContext">The ML.NET context that builds the views.</param>
        /// <param name="data">The whole dataset with its true labels (for example from <see cref="LabeledDataset.LoadCsv"/>).</param>
        /// <param name="seed">The split's seed; the protocol reports seeds 1, 2 and 3.</param>
        /// <param name="labelNoise">Share p of wrong anomaly labels: round(p / (1 - p) x labeled) random train normals
        /// are labeled as anomalies too. Default 0 (no wrong label); must lie in [0, 1).</param>
        /// <param name="labeledFraction">Share of the train anomalies that keep their label (rounded up, at least one). Default
        /// 0.1, the protocol's; the benchmark's analyst loop starts from 0.05. For the same seed the split is the same
        /// whatever the share, and a smaller share labels a subset of the rows a larger one labels.</param>
        /// <returns>The prepared split.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="mlContext"/> or <paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelNoise"/> is outside [0, 1), or
        /// <paramref name="labeledFraction"/> outside (0, 1].</exception>
        /// <exception cref="ArgumentException">The train part holds no anomaly to label.</exception>
        public static ProtocolSplit Prepare(MLContext mlContext, LabeledDataset data, int seed, double labelNoise = 0, double labeledFraction = 0.1)
        {
            ArgumentNullException.ThrowIfNull(mlContext);
            ArgumentNullException.ThrowIfNull(data);
            SemiSupervisedSplit split = SemiSupervisedSplit.Create(data, seed, labeledFraction: labeledFraction, labelNoise: labelNoise);
            IDataView rawTrain = split.Train.ToDataView(mlContext, split.TrainLabels);
            // Fitted on the train part only: test rows must not leak into the scaling.
            NormalizingTransformer scaler = mlContext.Transforms.NormalizeMinMax(FeatureColumnName, fixZero: false).Fit(rawTrain);
            float[][] train = ReadFeatures(scaler.Transform(rawTrain));
            float[][] test = ReadFeatures(scaler.Transform(split.Test.ToDataView(mlContext)));
            int width = data.FeatureCount;
            return new ProtocolSplit(split,
                mlContext.Data.LoadFromEnumerable(TrainRows(train, split.TrainLabels), Schema<TrainRow>(width)),
                mlContext.Data.LoadFromEnumerable(TestRows(test, split.Test.IsAnomaly), Schema<TestRow>(width)),
                train, test, width);
        }

        private static float[][] ReadFeatures(IDataView view)
            => view.GetColumn<VBuffer<float>>(FeatureColumnName).Select(v => v.DenseValues().ToArray()).ToArray();

        private static TrainRow[] TrainRows(float[][] features, bool[] labels)
            => features.Select((row, i) => new TrainRow { Features = row, Label = labels[i] ? 1f : 0f, IsLabeledAnomaly = labels[i] }).ToArray();

        private static TestRow[] TestRows(float[][] features, bool[] isAnomaly)
            => features.Select((row, i) => new TestRow { Features = row, Label = isAnomaly[i] ? 1f : 0f }).ToArray();

        /// <summary>Declares the feature vector's size: every trainer needs a vector of known size.</summary>
        private static SchemaDefinition Schema<TRow>(int featureCount)
        {
            SchemaDefinition schema = SchemaDefinition.Create(typeof(TRow));
            schema[FeatureColumnName].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
            return schema;
        }

        private sealed class TrainRow
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
            public bool IsLabeledAnomaly;
        }

        private sealed class TestRow
        {
            public float[] Features = Array.Empty<float>();
            public float Label;
        }
    }
}
