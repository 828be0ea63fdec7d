using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Training;
using NUnit.Framework;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests.Mechanism
{
    /// <summary>
    /// BatchNorm is the AnoOnly method's channel for the unlabeled rows only if it normalises with the statistics of
    /// the batch while training, and it must score with its running statistics afterwards: the training loop puts
    /// every BatchNorm layer in training mode for every step, and the exported model is the network in eval mode.
    /// </summary>
    public class BatchNormModeTests
    {
        [TestCaseSource(typeof(MechanismRig), nameof(MechanismRig.BackbonesAndLosses))]
        public void EveryTrainingStepUsesBatchStatisticsAndTheExportUsesRunningOnes(AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            TrainingSet data = MechanismRig.Rows();
            TrainingSettings settings = MechanismRig.Settings(backbone, loss);
            using IBackboneModel model = MechanismRig.Model(settings, data);
            int steps = 0, stepsInEvalMode = 0;
            var normLayers = new List<BatchNorm1d>();
            TrainingStage[] watched = model.Stages(new BatchSampler(data, CPU)).Select(stage => stage with
            {
                BatchLoss = random =>
                {
                    BatchNorm1d[] norms = MechanismRig.BatchNorms(stage.Network);
                    normLayers.AddRange(norms.Except(normLayers));
                    steps++;
                    if (norms.Any(n => !n.training))
                        stepsInEvalMode++;
                    return stage.BatchLoss(random);
                },
            }).ToArray();

            TrainingLoop.Run(watched, loss, new Random(1), _ => { }, "", CancellationToken.None);

            Assert.That(steps, Is.EqualTo(watched.Sum(s => s.Epochs * s.BatchesPerEpoch)));
            if (loss == AnoOnlyLoss.AnomalyOnly)
                Assert.That(normLayers, Is.Not.Empty, "the AnoOnly method trains with BatchNorm");
            Assert.That(stepsInEvalMode, Is.Zero, "a BatchNorm layer was in eval mode during a training step");
            Assert.That(normLayers.Select(n => n.training), Is.All.False, "after training the network is in eval mode");
            foreach (BatchNorm1d norm in normLayers)
                Assert.That(norm.running_var!.data<float>().ToArray(), Has.Some.Not.EqualTo(1f), "running statistics were learned");

            // The managed scorer is the network in eval mode, running statistics folded in.
            float[][] rows = Enumerable.Range(0, data.Unlabeled.Count).Select(i => data.Unlabeled.Row(i).ToArray()).Take(40).ToArray();
            using Tensor input = tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, data.FeatureCount });
            float[] eval = model.Score(input).data<float>().ToArray();
            var scorer = new ModelScorer(new Persistence.ModelState("Features", data.FeatureCount, 0f, new[] { model.Export() }));
            for (int i = 0; i < rows.Length; i++)
                Assert.That(scorer.Score(rows[i]), Is.EqualTo(eval[i]).Within(1e-5 * Math.Max(1, Math.Abs(eval[i]))));
        }
    }
}
