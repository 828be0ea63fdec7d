using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Backbones.DeepSad;
using Microsoft.ML.AnoOnly.Backbones.DevNet;
using Microsoft.ML.AnoOnly.Backbones.Neighbors;
using Microsoft.ML.AnoOnly.Backbones.PReNet;
using Microsoft.ML.AnoOnly.Backbones.Trees;

namespace Microsoft.ML.AnoOnly.Backbones.Ensemble
{
    /// <summary>
    /// The default model, <see cref="AnoOnlyBackbone.Ensemble"/>: members whose failures do not coincide, each trained
    /// on all the training rows, their scores standardised and weighted by how well each ranks held-out labeled
    /// anomalies (<see cref="Training.MemberWeights"/>). docs/how-it-works.md gives the measurements behind each choice.
    /// <list type="bullet">
    /// <item>DevNet with the AnoOnly loss; with fewer than <see cref="FewLabels"/> labeled anomalies, with its full loss:
    /// the AnoOnly loss on one or two anomalies only lifts those rows and leaves the rest of the space unshaped.</item>
    /// <item>DeepSAD with its full loss (its BatchNorm layers keep the weak supervision of the batches): the strongest
    /// single backbone, and far better than DeepSAD with the AnoOnly loss.</item>
    /// <item>PReNet with the AnoOnly loss, when there are at least two labeled anomalies to pair.</item>
    /// <item>The unsupervised kNN distance to the unlabeled rows, for anomalies the few labels do not describe.</item>
    /// <item>Boosted depth-two trees on the labels, from five labeled anomalies: for anomalies defined by thresholds on
    /// a few columns, where trees on the same labels (FastTree, LightGBM) beat every network.</item>
    /// </list>
    /// With <see cref="AnoOnlyLoss.Full"/> every network member trains with its full loss instead.
    /// </summary>
    internal sealed class EnsembleRecipe : IModelRecipe
    {
        /// <summary>Below this many labeled anomalies DevNet trains with its full loss.</summary>
        public const int FewLabels = 3;

        public AnoOnlyBackbone Id => AnoOnlyBackbone.Ensemble;
        public string Name => "Ensemble";
        public string Summary => "DevNet and PReNet (AnoOnly loss), DeepSAD (full loss), kNN distance and boosted trees, weighted by held-out labeled anomalies.";
        public int MinimumLabeledAnomalies => 1;
        public bool WeighsMembersByLabels => true;

        public IReadOnlyList<MemberPlan> Members(int labeledAnomalies, AnoOnlyLoss loss)
        {
            var devNet = BackboneRegistry.Network<DevNetBackbone>();
            var deepSad = BackboneRegistry.Network<DeepSadBackbone>();
            var preNet = BackboneRegistry.Network<PReNetBackbone>();
            bool anomalyOnly = loss == AnoOnlyLoss.AnomalyOnly;
            var members = new List<MemberPlan>
            {
                new(devNet, anomalyOnly && labeledAnomalies >= FewLabels ? AnoOnlyLoss.AnomalyOnly : AnoOnlyLoss.Full),
                new(deepSad, AnoOnlyLoss.Full),
            };
            if (labeledAnomalies >= preNet.MinimumLabeledAnomalies)
                members.Add(new MemberPlan(preNet, loss));
            members.Add(new MemberPlan(NeighborDistanceMember.Instance, loss));
            if (labeledAnomalies >= BoostedTreesMember.Instance.MinimumLabeledAnomalies)
                members.Add(new MemberPlan(BoostedTreesMember.Instance, loss));
            return members;
        }
    }
}
