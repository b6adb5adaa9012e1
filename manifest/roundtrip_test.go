package manifest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"k8s.io/apimachinery/pkg/api/resource"
	"pgregory.net/rapid"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// Generators of our types over the fields we model. Values are the ones the
// API can hold: quantities in canonical form, times in whole seconds, a
// volume's readOnly only with a claim, empty maps and lists as nil.

var (
	genName  = rapid.StringMatching(`[a-z]([-a-z0-9]{0,10}[a-z0-9])?`)
	genText  = rapid.StringOf(rapid.Rune().Filter(yamlPrintable))
	genInt32 = rapid.Int32()
	genInt64 = rapid.Int64()
)

// yamlPrintable reports whether r survives `kubectl get -o yaml`
// (sigs.k8s.io/yaml, YAML 1.1): JSON leaves DEL and the C1 controls raw,
// which the YAML reader rejects ("control characters are not allowed"), and
// NEL, LS and PS are YAML line breaks that come back as spaces. kubectl has
// the same limits; the generators keep to what it can print.
func yamlPrintable(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0x7e || r >= 0xa0 && r <= 0xd7ff && r != 0x2028 && r != 0x2029 ||
		r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
}

func optional[T any](g *rapid.Generator[T]) *rapid.Generator[*T] {
	return rapid.Custom(func(t *rapid.T) *T {
		if !rapid.Bool().Draw(t, "set") {
			return nil
		}
		v := g.Draw(t, "value")
		return &v
	})
}

func smallSlice[T any](g *rapid.Generator[T]) *rapid.Generator[[]T] {
	return rapid.Custom(func(t *rapid.T) []T {
		n := rapid.IntRange(0, 2).Draw(t, "len")
		if n == 0 {
			return nil
		}
		out := make([]T, n)
		for i := range out {
			out[i] = g.Draw(t, "elem")
		}
		return out
	})
}

var genMap = rapid.Custom(func(t *rapid.T) map[string]string {
	m := rapid.MapOfN(genName, genText, 0, 2).Draw(t, "map")
	if len(m) == 0 {
		return nil
	}
	return m
})

var genSeconds = rapid.Custom(func(t *rapid.T) time.Duration {
	return time.Duration(rapid.Int64Range(-1e9, 1e9).Draw(t, "s")) * time.Second
})

var genSelector = optional(rapid.Custom(func(t *rapid.T) api.LabelSelector {
	return api.LabelSelector{
		MatchLabels: genMap.Draw(t, "matchLabels"),
		MatchExpressions: smallSlice(rapid.Custom(func(t *rapid.T) api.LabelSelectorRequirement {
			return api.LabelSelectorRequirement{
				Key:      genName.Draw(t, "key"),
				Operator: rapid.SampledFrom([]string{"In", "NotIn", "Exists", "DoesNotExist"}).Draw(t, "op"),
				Values:   smallSlice(genText).Draw(t, "values"),
			}
		})).Draw(t, "matchExpressions"),
	}
}))

var genMeta = rapid.Custom(func(t *rapid.T) api.ObjectMeta {
	return api.ObjectMeta{
		Name:            genName.Draw(t, "name"),
		GenerateName:    rapid.SampledFrom([]string{"", "web-"}).Draw(t, "generateName"),
		Namespace:       genName.Draw(t, "namespace"),
		UID:             genText.Draw(t, "uid"),
		ResourceVersion: rapid.Uint64().Draw(t, "resourceVersion"),
		Generation:      genInt64.Draw(t, "generation"),
		Labels:          genMap.Draw(t, "labels"),
		Annotations:     genMap.Draw(t, "annotations"),
		OwnerReferences: smallSlice(rapid.Custom(func(t *rapid.T) api.OwnerReference {
			return api.OwnerReference{
				APIVersion: "apps/v1", Kind: "StatefulSet",
				Name:               genName.Draw(t, "name"),
				UID:                genText.Draw(t, "uid"),
				Controller:         rapid.Bool().Draw(t, "controller"),
				BlockOwnerDeletion: rapid.Bool().Draw(t, "block"),
			}
		})).Draw(t, "ownerReferences"),
		Finalizers:                 smallSlice(genText).Draw(t, "finalizers"),
		CreationTimestamp:          genSeconds.Draw(t, "created"),
		DeletionTimestamp:          optional(genSeconds).Draw(t, "deleted"),
		DeletionGracePeriodSeconds: optional(genInt64).Draw(t, "grace"),
	}
})

var genQuantity = rapid.Custom(func(t *rapid.T) string {
	s := rapid.SampledFrom([]string{"", "1", "100Mi", "1.5Gi", "500M", "2Ti", "10k", "0", "250m"}).Draw(t, "q")
	if s == "" {
		return ""
	}
	q := resource.MustParse(s)
	return q.String()
})

var genClaim = rapid.Custom(func(t *rapid.T) storage.PersistentVolumeClaim {
	c := storage.PersistentVolumeClaim{
		ObjectMeta: api.ObjectMeta{
			Name:        genName.Draw(t, "name"),
			Labels:      genMap.Draw(t, "labels"),
			Annotations: genMap.Draw(t, "annotations"),
		},
		Spec: storage.ClaimSpec{
			AccessModes:      smallSlice(rapid.SampledFrom([]string{"ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany"})).Draw(t, "modes"),
			StorageClassName: optional(rapid.SampledFrom([]string{"", "standard", "nfs-client"})).Draw(t, "class"),
			Storage:          genQuantity.Draw(t, "storage"),
			VolumeName:       rapid.SampledFrom([]string{"", "pv-1"}).Draw(t, "volumeName"),
			VolumeMode:       rapid.SampledFrom([]string{"", "Filesystem", "Block"}).Draw(t, "volumeMode"),
			Selector:         genSelector.Draw(t, "selector"),
		},
		Status: storage.ClaimStatus{
			Phase:       rapid.SampledFrom([]string{"", "Pending", "Bound"}).Draw(t, "phase"),
			Capacity:    genQuantity.Draw(t, "capacity"),
			AccessModes: smallSlice(rapid.SampledFrom([]string{"ReadWriteOnce", "ReadWriteMany"})).Draw(t, "statusModes"),
		},
	}
	return c
})

var genContainer = rapid.Custom(func(t *rapid.T) api.Container {
	return api.Container{
		Name:    genName.Draw(t, "name"),
		Image:   genText.Draw(t, "image"),
		Command: smallSlice(genText).Draw(t, "command"),
		Args:    smallSlice(genText).Draw(t, "args"),
		Ports: smallSlice(rapid.Custom(func(t *rapid.T) api.ContainerPort {
			return api.ContainerPort{
				Name:          rapid.SampledFrom([]string{"", "redis"}).Draw(t, "name"),
				ContainerPort: genInt32.Draw(t, "port"),
				Protocol:      rapid.SampledFrom([]string{"", "TCP", "UDP"}).Draw(t, "protocol"),
			}
		})).Draw(t, "ports"),
		Env: smallSlice(rapid.Custom(func(t *rapid.T) api.EnvVar {
			return api.EnvVar{Name: genName.Draw(t, "name"), Value: genText.Draw(t, "value")}
		})).Draw(t, "env"),
		VolumeMounts: smallSlice(rapid.Custom(func(t *rapid.T) api.VolumeMount {
			return api.VolumeMount{Name: genName.Draw(t, "name"), MountPath: genText.Draw(t, "path"), ReadOnly: rapid.Bool().Draw(t, "ro")}
		})).Draw(t, "mounts"),
		ReadinessProbe: optional(rapid.Custom(func(t *rapid.T) api.Probe {
			return api.Probe{
				InitialDelaySeconds: genInt32.Draw(t, "delay"),
				PeriodSeconds:       genInt32.Draw(t, "period"),
				FailureThreshold:    genInt32.Draw(t, "failure"),
				SuccessThreshold:    genInt32.Draw(t, "success"),
			}
		})).Draw(t, "readiness"),
	}
})

var genVolume = rapid.Custom(func(t *rapid.T) api.Volume {
	v := api.Volume{Name: genName.Draw(t, "name")}
	switch rapid.IntRange(0, 2).Draw(t, "source") {
	case 0:
		v.ClaimName, v.ReadOnly = genName.Draw(t, "claim"), rapid.Bool().Draw(t, "ro")
	case 1:
		v.EmptyDir = true
	}
	return v
})

// genNodeSelector draws the node selector of a volume's or a pod's node
// affinity.
var genNodeSelector = rapid.Custom(func(t *rapid.T) api.NodeSelector {
	genRequirements := smallSlice(rapid.Custom(func(t *rapid.T) api.NodeSelectorRequirement {
		return api.NodeSelectorRequirement{
			Key:      rapid.SampledFrom([]string{"metadata.name", "topology.kubernetes.io/zone", "disks"}).Draw(t, "key"),
			Operator: rapid.SampledFrom([]string{"In", "NotIn", "Exists", "Gt"}).Draw(t, "op"),
			Values:   smallSlice(genText).Draw(t, "values"),
		}
	}))
	return api.NodeSelector{NodeSelectorTerms: smallSlice(rapid.Custom(func(t *rapid.T) api.NodeSelectorTerm {
		return api.NodeSelectorTerm{MatchExpressions: genRequirements.Draw(t, "expressions"), MatchFields: genRequirements.Draw(t, "fields")}
	})).Draw(t, "terms")}
})

var genPodSpec = rapid.Custom(func(t *rapid.T) api.PodSpec {
	return api.PodSpec{
		Containers:                    smallSlice(genContainer).Draw(t, "containers"),
		InitContainers:                smallSlice(genContainer).Draw(t, "initContainers"),
		Volumes:                       smallSlice(genVolume).Draw(t, "volumes"),
		RestartPolicy:                 rapid.SampledFrom([]string{"", "Always", "Never"}).Draw(t, "restart"),
		TerminationGracePeriodSeconds: optional(genInt64).Draw(t, "tgps"),
		ActiveDeadlineSeconds:         optional(genInt64).Draw(t, "ads"),
		NodeSelector:                  genMap.Draw(t, "nodeSelector"),
		NodeName:                      rapid.SampledFrom([]string{"", "node-1"}).Draw(t, "nodeName"),
		Hostname:                      genText.Draw(t, "hostname"),
		Subdomain:                     genText.Draw(t, "subdomain"),
		Tolerations: smallSlice(rapid.Custom(func(t *rapid.T) api.Toleration {
			return api.Toleration{
				Key:               genText.Draw(t, "key"),
				Operator:          rapid.SampledFrom([]string{"", "Exists", "Equal"}).Draw(t, "op"),
				Value:             genText.Draw(t, "value"),
				Effect:            rapid.SampledFrom([]string{"", "NoSchedule", "NoExecute"}).Draw(t, "effect"),
				TolerationSeconds: optional(genInt64).Draw(t, "seconds"),
			}
		})).Draw(t, "tolerations"),
		Affinity: optional(rapid.Custom(func(t *rapid.T) api.Affinity {
			return api.Affinity{NodeAffinity: &api.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: new(genNodeSelector.Draw(t, "required"))}}
		})).Draw(t, "affinity"),
	}
})

var genIntOrString = optional(rapid.Custom(func(t *rapid.T) sts.IntOrString {
	if rapid.Bool().Draw(t, "string") {
		return sts.IntOrString{IsString: true, Str: genText.Draw(t, "str")}
	}
	return sts.IntOrString{Int: genInt32.Draw(t, "int")}
}))

var genStatefulSet = rapid.Custom(func(t *rapid.T) *sts.StatefulSet {
	s := &sts.StatefulSet{
		ObjectMeta: genMeta.Draw(t, "meta"),
		Spec: sts.Spec{
			Replicas: optional(genInt32).Draw(t, "replicas"),
			Selector: genSelector.Draw(t, "selector"),
			Template: api.PodTemplateSpec{
				Labels:      genMap.Draw(t, "labels"),
				Annotations: genMap.Draw(t, "annotations"),
				Finalizers:  smallSlice(genText).Draw(t, "finalizers"),
				Spec:        genPodSpec.Draw(t, "podSpec"),
			},
			VolumeClaimTemplates: smallSlice(genClaim).Draw(t, "claims"),
			ServiceName:          genText.Draw(t, "serviceName"),
			PodManagementPolicy:  rapid.SampledFrom([]string{"", sts.OrderedReady, sts.Parallel}).Draw(t, "policy"),
			UpdateStrategy: sts.UpdateStrategy{
				Type: rapid.SampledFrom([]string{"", sts.RollingUpdate, sts.OnDelete}).Draw(t, "strategy"),
				RollingUpdate: optional(rapid.Custom(func(t *rapid.T) sts.RollingUpdateOptions {
					return sts.RollingUpdateOptions{
						Partition:      optional(genInt32).Draw(t, "partition"),
						MaxUnavailable: genIntOrString.Draw(t, "maxUnavailable"),
					}
				})).Draw(t, "rollingUpdate"),
			},
			RevisionHistoryLimit: optional(genInt32).Draw(t, "revisionHistoryLimit"),
			MinReadySeconds:      genInt32.Draw(t, "minReadySeconds"),
			PersistentVolumeClaimRetentionPolicy: optional(rapid.Custom(func(t *rapid.T) sts.RetentionPolicy {
				return sts.RetentionPolicy{
					WhenDeleted: rapid.SampledFrom([]string{"", sts.Retain, sts.Delete}).Draw(t, "whenDeleted"),
					WhenScaled:  rapid.SampledFrom([]string{"", sts.Retain, sts.Delete}).Draw(t, "whenScaled"),
				}
			})).Draw(t, "retention"),
			Ordinals: optional(rapid.Custom(func(t *rapid.T) sts.Ordinals {
				return sts.Ordinals{Start: genInt32.Draw(t, "start")}
			})).Draw(t, "ordinals"),
		},
		Status: sts.Status{
			ObservedGeneration: genInt64.Draw(t, "observedGeneration"),
			Replicas:           genInt32.Draw(t, "statusReplicas"),
			ReadyReplicas:      genInt32.Draw(t, "ready"),
			CurrentReplicas:    genInt32.Draw(t, "current"),
			UpdatedReplicas:    genInt32.Draw(t, "updated"),
			AvailableReplicas:  genInt32.Draw(t, "available"),
			CurrentRevision:    genText.Draw(t, "currentRevision"),
			UpdateRevision:     genText.Draw(t, "updateRevision"),
			CollisionCount:     optional(genInt32).Draw(t, "collisionCount"),
			Conditions: smallSlice(rapid.Custom(func(t *rapid.T) sts.Condition {
				return sts.Condition{
					Type: genText.Draw(t, "type"), Status: rapid.SampledFrom([]string{"True", "False"}).Draw(t, "status"),
					Reason: genText.Draw(t, "reason"), Message: genText.Draw(t, "message"),
				}
			})).Draw(t, "conditions"),
		},
	}
	return s
})

// TestRoundTrip: rendering a StatefulSet as `kubectl get -o yaml` (and
// -o json) does and decoding that output gives the same StatefulSet back,
// with no warning: every field we model goes out and comes back.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := genStatefulSet.Draw(t, "set")
		for _, render := range []func(any) ([]byte, error){YAML, JSON} {
			out, err := render(want)
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			objs, warnings, err := Decode(out)
			if err != nil {
				t.Fatalf("Decode: %v\n%s", err, out)
			}
			if len(warnings) != 0 {
				t.Fatalf("warnings %q\n%s", warnings, out)
			}
			if len(objs) != 1 {
				t.Fatalf("got %d objects", len(objs))
			}
			if diff := cmp.Diff(want, objs[0], cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("round trip (-want +got):\n%s\n%s", diff, out)
			}
		}
	})
}

var genService = rapid.Custom(func(t *rapid.T) *dns.Service {
	return &dns.Service{
		ObjectMeta: genMeta.Draw(t, "meta"),
		Spec: dns.ServiceSpec{
			Type:     rapid.SampledFrom([]dns.ServiceType{"", dns.ServiceTypeClusterIP, dns.ServiceTypeNodePort, dns.ServiceTypeLoadBalancer, dns.ServiceTypeExternalName}).Draw(t, "type"),
			Selector: genMap.Draw(t, "selector"),
			Ports: smallSlice(rapid.Custom(func(t *rapid.T) dns.ServicePort {
				p := dns.ServicePort{
					Name:     rapid.SampledFrom([]string{"", "redis"}).Draw(t, "name"),
					Protocol: rapid.SampledFrom([]dns.Protocol{"", dns.ProtocolTCP, dns.ProtocolUDP}).Draw(t, "protocol"),
					Port:     genInt32.Draw(t, "port"),
					NodePort: genInt32.Draw(t, "nodePort"),
				}
				if rapid.Bool().Draw(t, "named") {
					p.TargetPort = dns.FromString(genName.Draw(t, "targetName"))
				} else {
					p.TargetPort = dns.FromInt(genInt32.Draw(t, "targetPort"))
				}
				return p
			})).Draw(t, "ports"),
			ClusterIP:                     rapid.SampledFrom([]string{"", "None", "10.96.0.10"}).Draw(t, "clusterIP"),
			ClusterIPs:                    smallSlice(rapid.SampledFrom([]string{"None", "10.96.0.10", "fd00::a"})).Draw(t, "clusterIPs"),
			IPFamilies:                    smallSlice(rapid.SampledFrom([]string{dns.IPv4, dns.IPv6})).Draw(t, "ipFamilies"),
			IPFamilyPolicy:                optional(rapid.SampledFrom([]string{dns.SingleStack, dns.PreferDualStack})).Draw(t, "ipFamilyPolicy"),
			ExternalName:                  genText.Draw(t, "externalName"),
			PublishNotReadyAddresses:      rapid.Bool().Draw(t, "publishNotReady"),
			SessionAffinity:               rapid.SampledFrom([]string{"", dns.AffinityNone, dns.AffinityClientIP}).Draw(t, "affinity"),
			InternalTrafficPolicy:         optional(rapid.SampledFrom([]string{dns.TrafficPolicyCluster, dns.TrafficPolicyLocal})).Draw(t, "itp"),
			ExternalTrafficPolicy:         rapid.SampledFrom([]string{"", dns.TrafficPolicyCluster, dns.TrafficPolicyLocal}).Draw(t, "etp"),
			AllocateLoadBalancerNodePorts: optional(rapid.Bool()).Draw(t, "allocate"),
		},
	}
})

var genPersistentVolume = rapid.Custom(func(t *rapid.T) *storage.PersistentVolume {
	return &storage.PersistentVolume{
		ObjectMeta: genMeta.Draw(t, "meta"),
		Spec: storage.VolumeSpec{
			Capacity:    genQuantity.Draw(t, "capacity"),
			AccessModes: smallSlice(rapid.SampledFrom([]string{storage.ReadWriteOnce, storage.ReadWriteMany, storage.ReadWriteOncePod})).Draw(t, "modes"),
			ClaimRef: optional(rapid.Custom(func(t *rapid.T) storage.ClaimRef {
				return storage.ClaimRef{
					Kind:            rapid.SampledFrom([]string{"", "PersistentVolumeClaim"}).Draw(t, "kind"),
					Namespace:       genName.Draw(t, "namespace"),
					Name:            genName.Draw(t, "name"),
					UID:             genText.Draw(t, "uid"),
					APIVersion:      rapid.SampledFrom([]string{"", "v1"}).Draw(t, "apiVersion"),
					ResourceVersion: rapid.Uint64().Draw(t, "resourceVersion"),
				}
			})).Draw(t, "claimRef"),
			PersistentVolumeReclaimPolicy: rapid.SampledFrom([]string{"", storage.ReclaimRetain, storage.ReclaimDelete}).Draw(t, "reclaim"),
			StorageClassName:              rapid.SampledFrom([]string{"", "standard", "nfs-client"}).Draw(t, "class"),
			MountOptions:                  smallSlice(genText).Draw(t, "mountOptions"),
			VolumeMode:                    rapid.SampledFrom([]string{"", storage.Filesystem, storage.Block}).Draw(t, "volumeMode"),
			NodeAffinity: optional(rapid.Custom(func(t *rapid.T) storage.VolumeNodeAffinity {
				return storage.VolumeNodeAffinity{Required: genNodeSelector.Draw(t, "required")}
			})).Draw(t, "nodeAffinity"),
			NFS: optional(rapid.Custom(func(t *rapid.T) storage.NFSVolumeSource {
				return storage.NFSVolumeSource{Server: genText.Draw(t, "server"), Path: genText.Draw(t, "path"), ReadOnly: rapid.Bool().Draw(t, "ro")}
			})).Draw(t, "nfs"),
			HostPath: optional(rapid.Custom(func(t *rapid.T) storage.HostPathSource {
				return storage.HostPathSource{Path: genText.Draw(t, "path"), Type: rapid.SampledFrom([]string{"", "DirectoryOrCreate"}).Draw(t, "type")}
			})).Draw(t, "hostPath"),
		},
		Status: storage.VolumeStatus{
			Phase:   rapid.SampledFrom([]string{"", storage.VolumeAvailable, storage.VolumeBound, storage.VolumeReleased}).Draw(t, "phase"),
			Reason:  genText.Draw(t, "reason"),
			Message: genText.Draw(t, "message"),
		},
	}
})

var genStorageClass = rapid.Custom(func(t *rapid.T) *storage.StorageClass {
	return &storage.StorageClass{
		ObjectMeta:           genMeta.Draw(t, "meta"),
		Provisioner:          genText.Draw(t, "provisioner"),
		Parameters:           genMap.Draw(t, "parameters"),
		ReclaimPolicy:        optional(rapid.SampledFrom([]string{storage.ReclaimRetain, storage.ReclaimDelete})).Draw(t, "reclaim"),
		VolumeBindingMode:    optional(rapid.SampledFrom([]string{storage.BindingImmediate, storage.BindingWaitForFirstConsumer})).Draw(t, "binding"),
		AllowVolumeExpansion: optional(rapid.Bool()).Draw(t, "expansion"),
		MountOptions:         smallSlice(genText).Draw(t, "mountOptions"),
	}
})

// TestRoundTripKinds is TestRoundTrip for the other kinds a user applies:
// Services, PersistentVolumes, StorageClasses and (standalone)
// PersistentVolumeClaims.
func TestRoundTripKinds(t *testing.T) {
	gens := map[string]*rapid.Generator[any]{
		"Service":               rapid.Map(genService, func(s *dns.Service) any { return s }),
		"PersistentVolume":      rapid.Map(genPersistentVolume, func(v *storage.PersistentVolume) any { return v }),
		"StorageClass":          rapid.Map(genStorageClass, func(c *storage.StorageClass) any { return c }),
		"PersistentVolumeClaim": rapid.Map(genClaimObject, func(c *storage.PersistentVolumeClaim) any { return c }),
	}
	for kind, gen := range gens {
		t.Run(kind, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) { roundTrip(t, gen.Draw(t, kind)) })
		})
	}
}

// genClaimObject is a claim with full metadata, as the API server holds it.
var genClaimObject = rapid.Custom(func(t *rapid.T) *storage.PersistentVolumeClaim {
	c := genClaim.Draw(t, "claim")
	c.ObjectMeta = genMeta.Draw(t, "meta")
	return &c
})

// roundTrip renders want as YAML and as JSON and decodes each back.
func roundTrip(t *rapid.T, want any) {
	for _, render := range []func(any) ([]byte, error){YAML, JSON} {
		out, err := render(want)
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		objs, warnings, err := Decode(out)
		if err != nil {
			t.Fatalf("Decode: %v\n%s", err, out)
		}
		if len(warnings) != 0 {
			t.Fatalf("warnings %q\n%s", warnings, out)
		}
		if len(objs) != 1 {
			t.Fatalf("got %d objects", len(objs))
		}
		if diff := cmp.Diff(want, objs[0], cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s\n%s", diff, out)
		}
	}
}
