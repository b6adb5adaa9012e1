package conformance

import (
	"context"
	"fmt"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/kubernetes/pkg/controller/history"
	"k8s.io/kubernetes/pkg/controller/statefulset"
	"k8s.io/kubernetes/pkg/controller/util/consistency"
)

// Injected is an API error the fake API server returns for one write, the
// same error stsim's API server returned for the same write in that sync.
type Injected struct {
	Verb     string // create, update, delete
	Resource string // pods, persistentvolumeclaims
	Name     string
	Err      error
}

// Upstream is the outcome of one run of the real controller.
type Upstream struct {
	// Writes are the create, update and delete requests the controller
	// sent, in the order the fake clientset received them.
	Writes []k8stesting.Action
	// Events are the events it recorded, "Type Reason Message".
	Events []string
	// Err is what UpdateStatefulSet returned.
	Err error
}

// RunUpstream runs the real StatefulSet controller once on st: a fake
// clientset holds the objects (so that updates and deletes of them
// succeed), informer indexers are filled by hand (no informer goroutines,
// and the controller's own writes never reach them, as they would not in
// the instant of one sync), and UpdateStatefulSet is called with st's pods
// and instant. Feature gates are the process's (utilfeature).
func RunUpstream(ctx context.Context, st *State, inject []Injected) (*Upstream, error) {
	var objs []runtime.Object
	objs = append(objs, st.Set.DeepCopy())
	for _, p := range st.Pods {
		objs = append(objs, p.DeepCopy())
	}
	for _, c := range st.Claims {
		objs = append(objs, c.DeepCopy())
	}
	for _, r := range st.Revisions {
		objs = append(objs, r.DeepCopy())
	}
	client := fake.NewSimpleClientset(objs...)
	apiServer(client, st.Now)
	addReactors(client, inject)

	f := informers.NewSharedInformerFactory(client, 0)
	pods := f.Core().V1().Pods()
	claims := f.Core().V1().PersistentVolumeClaims()
	sets := f.Apps().V1().StatefulSets()
	revs := f.Apps().V1().ControllerRevisions()
	if err := history.AddControllerRevisionControllerIndexer(revs.Informer()); err != nil {
		return nil, err
	}
	add := func(idx cache.Indexer, o any) error { return idx.Add(o) }
	if err := add(sets.Informer().GetIndexer(), st.Set.DeepCopy()); err != nil {
		return nil, err
	}
	for _, p := range st.Pods {
		if err := add(pods.Informer().GetIndexer(), p.DeepCopy()); err != nil {
			return nil, err
		}
	}
	for _, c := range st.Claims {
		if err := add(claims.Informer().GetIndexer(), c.DeepCopy()); err != nil {
			return nil, err
		}
	}
	for _, r := range st.Revisions {
		if err := add(revs.Informer().GetIndexer(), r.DeepCopy()); err != nil {
			return nil, err
		}
	}

	rec := &recorder{}
	noop := consistency.NewNoopConsistencyStore()
	ctl := statefulset.NewDefaultStatefulSetControl(
		statefulset.NewStatefulPodControl(client, pods.Lister(), claims.Lister(), rec, noop),
		statefulset.NewRealStatefulSetStatusUpdater(client, sets.Lister(), noop),
		history.NewHistory(client, revs.Lister(), revs.Informer().GetIndexer()),
	)
	client.ClearActions()
	in := make([]*corev1.Pod, 0, len(st.Pods))
	for _, p := range st.Pods {
		in = append(in, p.DeepCopy())
	}
	_, err := ctl.UpdateStatefulSet(ctx, st.Set.DeepCopy(), in, st.Now)
	out := &Upstream{Err: err, Events: rec.events}
	for _, a := range client.Actions() {
		switch a.GetVerb() {
		case "create", "update", "delete", "patch":
			out.Writes = append(out.Writes, a)
		}
	}
	return out, nil
}

// apiServer adds to the fake clientset the API server behaviour the
// controller's writes meet (README: "The fake API server"): a created pod
// gets a UID, its creation time and phase Pending, a created claim phase
// Pending, a created revision a UID and its creation time; deleting a pod
// that is bound to a node starts a graceful deletion (deletionTimestamp,
// the grace period of its spec) instead of removing it; a status update
// changes only the status (the stored spec, metadata and generation stay,
// as the status subresource does). Within one sync the controller never
// reads its own writes back (its listers are the indexers filled before the
// sync), so this is for the fidelity of what the clientset holds after the
// sync, not for the writes compared.
func apiServer(client *fake.Clientset, now time.Time) {
	tracker := client.Tracker()
	uids := 0
	var mu sync.Mutex
	uid := func() types.UID {
		mu.Lock()
		defer mu.Unlock()
		uids++
		return types.UID(fmt.Sprintf("00000000-0000-4000-8000-%012d", uids))
	}
	create := func(a k8stesting.Action, fix func(runtime.Object)) (bool, runtime.Object, error) {
		obj := a.(k8stesting.CreateAction).GetObject().DeepCopyObject()
		fix(obj)
		err := tracker.Create(a.GetResource(), obj, a.GetNamespace())
		if err != nil {
			return true, nil, err
		}
		return true, obj, nil
	}
	client.PrependReactor("create", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		return create(a, func(o runtime.Object) {
			p := o.(*corev1.Pod)
			p.UID, p.CreationTimestamp = uid(), metav1.NewTime(now)
			p.Status = corev1.PodStatus{Phase: corev1.PodPending}
		})
	})
	client.PrependReactor("create", "persistentvolumeclaims", func(a k8stesting.Action) (bool, runtime.Object, error) {
		return create(a, func(o runtime.Object) {
			c := o.(*corev1.PersistentVolumeClaim)
			c.UID, c.CreationTimestamp = uid(), metav1.NewTime(now)
			c.Status.Phase = corev1.ClaimPending
		})
	})
	client.PrependReactor("create", "controllerrevisions", func(a k8stesting.Action) (bool, runtime.Object, error) {
		return create(a, func(o runtime.Object) {
			r := o.(*appsv1.ControllerRevision)
			r.UID, r.CreationTimestamp = uid(), metav1.NewTime(now)
		})
	})
	client.PrependReactor("delete", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		d := a.(k8stesting.DeleteAction)
		o, err := tracker.Get(a.GetResource(), a.GetNamespace(), d.GetName())
		if err != nil {
			return true, nil, err
		}
		p := o.(*corev1.Pod).DeepCopy()
		if p.Spec.NodeName == "" { // never ran: removed at once
			return true, nil, tracker.Delete(a.GetResource(), a.GetNamespace(), d.GetName())
		}
		if p.DeletionTimestamp == nil {
			grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
			if g := p.Spec.TerminationGracePeriodSeconds; g != nil {
				grace = *g
			}
			p.DeletionTimestamp, p.DeletionGracePeriodSeconds = &metav1.Time{Time: now}, &grace
			return true, nil, tracker.Update(a.GetResource(), p, a.GetNamespace())
		}
		return true, nil, nil
	})
	client.PrependReactor("update", "statefulsets", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() != "status" {
			return false, nil, nil
		}
		in := a.(k8stesting.UpdateAction).GetObject().(*appsv1.StatefulSet)
		o, err := tracker.Get(a.GetResource(), a.GetNamespace(), in.Name)
		if err != nil {
			return true, nil, err
		}
		set := o.(*appsv1.StatefulSet).DeepCopy()
		set.Status = *in.Status.DeepCopy()
		return true, set, tracker.Update(a.GetResource(), set, a.GetNamespace())
	})
}

// addReactors makes the fake clientset answer the injected writes with
// their errors: every write of that verb to that object in the sync, as the
// API server would answer them all alike within one sync.
func addReactors(client *fake.Clientset, inject []Injected) {
	if len(inject) == 0 {
		return
	}
	client.PrependReactor("*", "*", func(a k8stesting.Action) (bool, runtime.Object, error) {
		name := actionName(a)
		for _, in := range inject {
			if in.Verb == a.GetVerb() && in.Resource == a.GetResource().Resource && in.Name == name && a.GetSubresource() == "" {
				return true, nil, in.Err
			}
		}
		return false, nil, nil
	})
}

// actionName is the name of the object a write acts on.
func actionName(a k8stesting.Action) string {
	switch a := a.(type) {
	case objectAction: // create and update (their interfaces are the same)
		if m, err := metaOf(a.GetObject()); err == nil {
			return m.GetName()
		}
	case k8stesting.DeleteAction:
		return a.GetName()
	case k8stesting.PatchAction:
		return a.GetName()
	}
	return ""
}

// objectAction is a write that carries the object: k8stesting.CreateAction
// and UpdateAction.
type objectAction interface {
	k8stesting.Action
	GetObject() runtime.Object
}

func metaOf(o runtime.Object) (metav1.Object, error) {
	m, ok := o.(metav1.Object)
	if !ok {
		return nil, fmt.Errorf("%T has no object meta", o)
	}
	return m, nil
}

// kubeError converts one of stsim's API errors to the apimachinery error
// the API server would return.
func kubeError(code int32, reason, kind, name, message string) error {
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status:  metav1.StatusFailure,
		Code:    code,
		Reason:  metav1.StatusReason(reason),
		Message: message,
		Details: &metav1.StatusDetails{Name: name, Kind: kind},
	}}
}

// recorder collects events; the controller records them from the
// goroutines of a Parallel burst.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) Event(_ runtime.Object, eventtype, reason, message string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, eventtype+" "+reason+" "+message)
}

func (r *recorder) Eventf(o runtime.Object, eventtype, reason, format string, args ...any) {
	r.Event(o, eventtype, reason, fmt.Sprintf(format, args...))
}

func (r *recorder) AnnotatedEventf(o runtime.Object, _ map[string]string, eventtype, reason, format string, args ...any) {
	r.Event(o, eventtype, reason, fmt.Sprintf(format, args...))
}
