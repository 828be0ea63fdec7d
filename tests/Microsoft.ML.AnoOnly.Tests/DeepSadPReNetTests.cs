using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Backbones.DeepSad;
using Microsoft.ML.AnoOnly.Evaluation;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Data;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>Behaviour particular to DeepSAD or PReNet (the shared contract is in BackboneContractTests).</summary>
    public class DeepSadPReNetDetailTests
    {
        [Test]
        public void DeepSadCentreHasNoCoordinateNearZero()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            var options = new AnoOnlyTrainer.Options { Backbone = AnoOnlyBackbone.DeepSad, Seed = 3, NumberOfEpochs = 1, BatchesPerEpoch = 1 };
            using var network = TrainedNetwork.Train(options, train);
            float[] centre = ((DeepSadModel)network.Model).Centre.data<float>().ToArray();
            Assert.That(centre, Has.Length.EqualTo(10));
            Assert.That(centre.Select(Math.Abs), Is.All.GreaterThanOrEqualTo(0.1f));
            Assert.That(network.Member.Get(DeepSadScorer.Centre, 10), Is.EqualTo(centre));
        }

        [Test]
        public void PReNetNeedsTwoLabeledAnomalies()
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Synthetic(200, 4, 0.1, seed: 5);
            var labels = new bool[data.Count];
            labels[Array.IndexOf(data.IsAnomaly, true)] = true;
            IDataView train = data.ToDataView(ml, labels);
            var e = Assert.Throws<AnoOnlyInputException>(
                () => ml.AnomalyDetection.Trainers.AnoOnly(backbone: AnoOnlyBackbone.PReNet, seed: 1).Fit(train));
            Assert.That(e!.Message, Does.Contain("1 labeled anomalies").And.Contain("at least 2"));
        }

        [Test]
        public void PReNetTrainsWithTheFewestLabeledAnomaliesAndTinyBatches()
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Synthetic(200, 4, 0.1, seed: 5);
            var labels = new bool[data.Count];
            foreach (int i in Enumerable.Range(0, data.Count).Where(i => data.IsAnomaly[i]).Take(2))
                labels[i] = true;
            var options = new AnoOnlyTrainer.Options
            {
                Backbone = AnoOnlyBackbone.PReNet, Seed = 1, NumberOfEpochs = 2, BatchesPerEpoch = 2, BatchSize = 2,
            };
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(options).Fit(data.ToDataView(ml, labels));
            Assert.That(float.IsFinite(model.Threshold));
        }
    }
}
