package sim_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// claimSet is a StatefulSet "web" with one claim template "data" mounted
// at /data and the given retention policy.
func claimSet(policy, class string, replicas int32, retain ...string) *sts.StatefulSet {
	s := benchSet("web", policy, replicas)
	s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{{ObjectMeta: api.ObjectMeta{Name: "data"},
		Spec: storage.ClaimSpec{AccessModes: []string{storage.ReadWriteOnce}, Storage: "1Gi", StorageClassName: new(class)}}}
	s.Spec.Template.Spec.Containers[0].VolumeMounts = []api.VolumeMount{{Name: "data", MountPath: "/data"}}
	if len(retain) == 2 {
		s.Spec.PersistentVolumeClaimRetentionPolicy = &sts.RetentionPolicy{WhenScaled: retain[0], WhenDeleted: retain[1]}
	}
	return s
}

// storageChecker holds the storage guarantees checked after every event.
type storageChecker struct {
	c         *sim.Cluster
	boundTo   map[string]string            // claim UID → volume
	written   map[string]map[string]string // claim UID → file → contents
	uidOf     map[string]string            // claim name → UID last seen
	deleted   map[string]bool              // claim UIDs the user deleted
	mayVanish bool                         // a Delete retention policy is in force
	violation string
}

func (k *storageChecker) fail(format string, args ...any) {
	if k.violation == "" {
		k.violation = fmt.Sprintf(format, args...)
	}
}

// event checks the invariants after one trace event.
func (k *storageChecker) event(e sim.Event) {
	c := k.c
	if e.Kind == "PersistentVolumeClaim" && e.Verb == sim.VerbRemove {
		// No claim is deleted while a scheduled pod uses it (pvc-protection).
		for _, p := range c.Pods("default") {
			for _, v := range p.Spec.Volumes {
				if v.ClaimName == e.Name && p.Spec.NodeName != "" {
					k.fail("claim %s removed while pod %s (on %s) uses it", e.Name, p.Name, p.Spec.NodeName)
				}
			}
		}
	}
	for _, p := range c.Pods("default") {
		// Sticky identity: the pod with ordinal i mounts data-web-i.
		if _, ord := sts.ParseName(p.Name); ord >= 0 && strings.HasPrefix(p.Name, "web-") {
			for _, v := range p.Spec.Volumes {
				if v.Name == "data" && v.ClaimName != sts.ClaimName("data", "web", ord) {
					k.fail("pod %s mounts claim %s", p.Name, v.ClaimName)
				}
			}
		}
	}
	for _, pvc := range c.Claims("default") {
		k.uidOf[pvc.Name] = pvc.UID
		if pvc.Spec.VolumeName == "" {
			continue
		}
		// A claim is never bound to two volumes.
		if was, ok := k.boundTo[pvc.UID]; ok && was != pvc.Spec.VolumeName {
			k.fail("claim %s bound to %s, then to %s", pvc.Name, was, pvc.Spec.VolumeName)
		}
		k.boundTo[pvc.UID] = pvc.Spec.VolumeName
	}
}

// write puts a file in the volume of every Running pod and remembers it.
func (k *storageChecker) write(step int) {
	for _, p := range k.c.Pods("default") {
		if p.Status.Phase != api.PodRunning || p.Terminating() {
			continue
		}
		d, rel, ok := k.c.VolumeForMount(p.Name, fmt.Sprintf("/data/step-%d", step))
		if !ok {
			k.fail("running pod %s has no bound claim at /data", p.Name)
			continue
		}
		pvc, _ := k.c.Claim(sts.ClaimName("data", "web", ordinalOf(p.Name)))
		text := p.Name + "/" + p.UID
		d.Put(rel, []byte(text))
		if k.written[pvc.UID] == nil {
			k.written[pvc.UID] = map[string]string{}
		}
		k.written[pvc.UID][rel] = text
	}
}

func ordinalOf(pod string) int32 { _, o := sts.ParseName(pod); return o }

// contents checks that every file written is still there, unless the user
// deleted its claim.
func (k *storageChecker) contents() {
	live := map[string]*storage.PersistentVolumeClaim{}
	for _, pvc := range k.c.Claims("default") {
		live[pvc.UID] = pvc
	}
	for uid, files := range k.written {
		pvc := live[uid]
		if pvc == nil {
			if !k.deleted[uid] && !k.mayVanish {
				k.fail("claim %s vanished with its data", uid)
			}
			delete(k.written, uid)
			continue
		}
		d := k.c.ClaimData(pvc.Name)
		if d == nil {
			k.fail("claim %s is no longer bound", pvc.Name)
			continue
		}
		for f, want := range files {
			if got, ok := d.Get(f); !ok || string(got) != want {
				k.fail("claim %s lost %s (%q, want %q)", pvc.Name, f, got, want)
			}
		}
	}
}

// TestStorageProperties: across random pod deletes, failures, scale changes,
// claim deletions, provisioner outages and set deletion/re-creation, the
// pod with ordinal i only ever mounts data-web-i, a claim is never bound to
// two volumes, no claim is removed while a scheduled pod uses it, and, under
// Retain/Retain, no file written to a volume is lost unless its claim was
// deleted by the user (statefulset.md §6.2, §6.3; storage.md §3, §9, §11).
// Under a Delete policy claims may go, but the files of those that stay
// are intact.
func TestStorageProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64Range(1, 1<<20).Draw(t, "seed")
		policy := rapid.SampledFrom([]string{sts.OrderedReady, sts.Parallel}).Draw(t, "policy")
		class := rapid.SampledFrom([]string{"nfs-client", "standard"}).Draw(t, "class")
		whenScaled := rapid.SampledFrom([]string{sts.Retain, sts.Retain, sts.Delete}).Draw(t, "whenScaled")
		whenDeleted := rapid.SampledFrom([]string{sts.Retain, sts.Retain, sts.Delete}).Draw(t, "whenDeleted")
		k := &storageChecker{boundTo: map[string]string{}, written: map[string]map[string]string{},
			uidOf: map[string]string{}, deleted: map[string]bool{}}
		c := sim.NewCluster(sim.Config{Seed: seed, OnEvent: func(e sim.Event) { k.event(e) }})
		k.c = c
		k.mayVanish = whenScaled == sts.Delete || whenDeleted == sts.Delete
		_, err := c.ApplyStorageClass(&storage.StorageClass{ObjectMeta: api.ObjectMeta{Name: "nfs-client"},
			Provisioner: sim.NFSSubdirProvisioner, Parameters: map[string]string{"archiveOnDelete": "false"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ApplyStatefulSet(claimSet(policy, class, 2, whenScaled, whenDeleted)); err != nil {
			t.Fatal(err)
		}
		var script []string
		steps := rapid.IntRange(1, 20).Draw(t, "steps")
		for step := range steps {
			kind := rapid.SampledFrom([]string{"run", "run", "scale", "delete", "force-delete", "fail", "delete-claim", "recreate-set", "outage"}).Draw(t, "op")
			ord := rapid.Int32Range(0, 3).Draw(t, "ordinal")
			pod := sts.PodName("web", ord)
			switch kind {
			case "run":
				d := time.Duration(rapid.IntRange(1, 30).Draw(t, "seconds")) * time.Second
				_ = c.RunFor(d)
				k.write(step)
				script = append(script, "run "+d.String())
			case "scale":
				n := rapid.Int32Range(0, 4).Draw(t, "replicas")
				_ = c.Scale("web", n)
				script = append(script, fmt.Sprintf("scale %d", n))
			case "delete":
				_ = c.DeletePod(pod, sim.DeleteOptions{})
				script = append(script, "delete pod "+pod)
			case "force-delete":
				_ = c.DeletePod(pod, sim.DeleteOptions{Force: true})
				script = append(script, "force delete pod "+pod)
			case "fail":
				_ = c.FailPod(pod)
				script = append(script, "fail pod "+pod)
			case "delete-claim":
				name := sts.ClaimName("data", "web", ord)
				if pvc, ok := c.Claim(name); ok {
					k.deleted[pvc.UID] = true
					_ = c.DeleteClaim(name)
				}
				script = append(script, "delete pvc "+name)
			case "recreate-set":
				_ = c.DeleteStatefulSet("web", sim.Background)
				_ = c.RunFor(time.Minute)
				_, _ = c.ApplyStatefulSet(claimSet(policy, class, rapid.Int32Range(0, 4).Draw(t, "replicas"), whenScaled, whenDeleted))
				script = append(script, "delete sts web; run 1m; apply sts web")
			case "outage":
				p := sim.NFSSubdirProvisioner
				if class == "standard" {
					p = sim.LocalPathProvisioner
				}
				if c.ProvisionerRunning(p) {
					_ = c.StopProvisioner(p)
				} else {
					_ = c.StartProvisioner(p)
				}
				script = append(script, "provisioner toggled")
			}
			k.contents()
			if k.violation != "" {
				t.Fatalf("seed %d %s %s %s/%s: %s\nscript:\n%s\nlast trace lines:\n%s", seed, policy, class, whenScaled, whenDeleted, k.violation, strings.Join(script, "\n"), lastLines(c, 15))
			}
		}
	})
}
