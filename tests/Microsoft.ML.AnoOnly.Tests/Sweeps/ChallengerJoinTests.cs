using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.AnoOnly.Tests.Deployment;
using Microsoft.ML.AnoOnly.Training;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Sweeps
{
    /// <summary>A sweep's confirmed challenger joins the default with an equal say: the joined score is each model's
    /// score divided by its interquartile range over the training's normal rows, halved, and added.</summary>
    public class ChallengerJoinTests
    {
        [Test]
        public void EachModelHasAnEqualSayInTheJoinedScore()
        {
            var ml = new MLContext(seed: 1);
            ModelState byDefault = FixtureModels.Load(ml, "deepsad-full").LastTransformer.State;
            ModelState challenger = BlockScoringTests.TwoMembers(FixtureModels.Load(ml, "devnet-full").LastTransformer.State);
            TrainingSet data = Mechanism.MechanismRig.Rows(unlabeled: 300, anomalies: 9, features: byDefault.FeatureCount, seed: 5);

            ModelState joined = ChallengerJoin.Join(byDefault, challenger, data, seed: 3, contamination: 0.1);

            Assert.That(joined.Backbone, Is.EqualTo(AnoOnlyBackbone.Ensemble));
            Assert.That(joined.Members.Select(m => m.Backbone), Is.EqualTo(byDefault.Members.Concat(challenger.Members).Select(m => m.Backbone)));
            (float[] sample, int count) = MemberCombination.NormalSample(data, seed: 3);
            float Scale(ModelState model)
            {
                var scores = new float[count];
                new ModelScorer(model).ScoreBlock(sample, count, scores);
                return MemberCombination.RobustScale(scores).Scale;
            }
            float a = ChallengerJoin.Share / Scale(byDefault), b = ChallengerJoin.Share / Scale(challenger);
            var joinedScorer = new ModelScorer(joined);
            var defaultScorer = new ModelScorer(byDefault);
            var challengerScorer = new ModelScorer(challenger);
            foreach (float[] row in FixtureModels.TestRows(ml, 50))
            {
                double expected = a * defaultScorer.Score(row) + b * challengerScorer.Score(row);
                Assert.That(joinedScorer.Score(row), Is.EqualTo(expected).Within(1e-5 * (1 + Math.Abs(expected))));
            }
            Assert.That(joined.Threshold, Is.EqualTo(ThresholdRule.FromTrainingScores(joinedScorer, data, 0.1)));

            // An ensemble like any other: it saves and loads to the same scores, and ONNX Runtime scores it the same.
            var model = new AnoOnlyTransformer(joined, FixtureModels.CardioSplit(ml).Test.ToDataView(ml).Schema);
            IDataView test = FixtureModels.CardioSplit(ml).Test.ToDataView(ml);
            var stream = new System.IO.MemoryStream();
            ml.Model.Save(model, test.Schema, stream);
            stream.Position = 0;
            var loaded = ml.Model.LoadAnoOnly(stream, out _);
            Assert.That(loaded.Transform(test).GetColumn<float>("Score").ToArray(), Is.EqualTo(model.Transform(test).GetColumn<float>("Score").ToArray()));
            float[][] rows = FixtureModels.TestRows(ml, 50);
            float[] managed = rows.Select(r => joinedScorer.Score(r)).ToArray();
            OnnxExportTests.AssertSameScores(OnnxExportTests.Export(ml, model), rows, managed, managed.Select(x => x > joined.Threshold).ToArray(),
                joined.Threshold);
        }
    }
}
