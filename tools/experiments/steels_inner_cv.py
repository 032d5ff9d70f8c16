"""Inner cross-validation prototype used to choose the steels recipe (docs/composition-benchmarks.md).

For each official training fold of matbench_steels, a 5-fold inner CV on its training rows only (the test
fold is never read): an ensemble of 64-64 SiLU MLPs (PyTorch; L1 loss on the standardised ln target, AdamW
3e-3 / 1e-4, batches of 32, <= 400 epochs, patience 50 on each member's own fifth of the inner training
rows) on the chosen input blocks, optionally reduced to the top-N columns of the relevance-redundancy
ranking (binned NMI, as src/data/selection/) computed on the inner training rows.

  tensorite composition featurize --data data/matbench/matbench_steels.csv --out /tmp/steels_magpie.csv
  /usr/bin/python3 tools/experiments/steels_inner_cv.py VARIANT N MEMBERS OUTER_FOLDS [SEED]
  e.g. ... base 75 10 0,1,2,3,4 2   (VARIANT: base = Magpie + fractions + log fractions; wt = weight
  fractions instead; all = both; fr = fractions + log fractions only. N = 0 keeps every column.)
Prints the mean inner MAE (MPa) per official training fold.
"""
import sys, json, re, time, numpy as np, pandas as pd, torch
torch.set_num_threads(1)
import os
D=os.path.join(os.path.dirname(__file__),'..','..','data','matbench')+'/'
df=pd.read_csv(D+'matbench_steels.csv'); mag=pd.read_csv(os.environ.get('STEELS_MAGPIE','/tmp/steels_magpie.csv'))
magcols=[c for c in mag.columns if c not in df.columns]
M=mag[magcols].values.astype(float)
folds=json.load(open(D+'official_test_folds.json'))['folds']['matbench_steels']
ids=df.mbid.values
mass=dict(Fe=55.845,C=12.011,Mn=54.938,Si=28.085,Cr=51.996,Ni=58.693,Mo=95.95,V=50.942,N=14.007,Nb=92.906,Co=58.933,W=183.84,Al=26.982,Ti=47.867)
els=list(mass)
F=np.zeros((len(df),len(els)))
for i,c in enumerate(df.composition):
    for e,x in re.findall(r'([A-Z][a-z]?)([0-9.eE-]+)',c): F[i,els.index(e)]+=float(x)
F/=F.sum(1,keepdims=True)
W=F*np.array([mass[e] for e in els]); W/=W.sum(1,keepdims=True)
y=np.log(df['yield strength'].values)
def blocks(name):
    if name=='base': return np.hstack([M,F,np.log10(F+1e-5)])
    if name=='wt': return np.hstack([M,W,np.log10(W+1e-5)])
    if name=='fr': return np.hstack([F,np.log10(F+1e-5)])
    if name=='all': return np.hstack([M,F,np.log10(F+1e-5),W,np.log10(W+1e-5)])
def qbin(x,B):
    e=np.unique(np.quantile(x,np.linspace(0,1,B+1)[1:-1]))
    return np.searchsorted(e,x,side='right')
def H(a):
    _,c=np.unique(a,return_counts=True); p=c/c.sum(); return -(p*np.log(p)).sum()
def nmi(a,b):
    ha,hb=H(a),H(b)
    if ha==0 or hb==0: return 0.0
    _,c=np.unique(a*1000+b,return_counts=True); p=c/c.sum(); hab=-(p*np.log(p)).sum()
    return (ha+hb-hab)/((ha+hb)/2)
def select(X,y,n,B=10):
    Xb=np.stack([qbin(X[:,j],B) for j in range(X.shape[1])],1); yb=qbin(y,B)
    keep=[j for j in range(X.shape[1]) if H(Xb[:,j])>0]
    rel={j:nmi(Xb[:,j],yb) for j in keep}
    sel=[max(keep,key=lambda j:rel[j])]; red={j:0.0 for j in keep}
    cache={}
    while len(sel)<min(n,len(keep)):
        k=len(sel); p=max(0.1,4.5-0.4*k**0.4); c=min(1e5,1e-6*k**3)
        last=sel[-1]
        best=None;bs=-1
        for j in keep:
            if j in sel: continue
            red[j]=max(red[j],nmi(Xb[:,j],Xb[:,last]))
            s=rel[j]/(red[j]**p+c)
            if s>bs: bs=s;best=j
        sel.append(best)
    return sel
def fit_ens(Xtr,ytr,Xte,members,seed,epochs=400,pat=50,hid=(64,64),lr=3e-3,wd=1e-4):
    mu=Xtr.mean(0); sd=Xtr.std(0); sd[sd==0]=1
    Xtr=(Xtr-mu)/sd; Xte=(Xte-mu)/sd
    ym,ys=ytr.mean(),ytr.std(); yt=(ytr-ym)/ys
    preds=[]
    rng=np.random.default_rng(seed)
    for m in range(members):
        torch.manual_seed(seed*100+m)
        perm=rng.permutation(len(Xtr)); nv=len(Xtr)//5; vi=perm[:nv]; ti=perm[nv:]
        layers=[];d=Xtr.shape[1]
        for h in hid: layers+=[torch.nn.Linear(d,h),torch.nn.SiLU()];d=h
        net=torch.nn.Sequential(*layers,torch.nn.Linear(d,1))
        opt=torch.optim.AdamW(net.parameters(),lr=lr,weight_decay=wd)
        xt=torch.tensor(Xtr[ti],dtype=torch.float32);ytt=torch.tensor(yt[ti],dtype=torch.float32)[:,None]
        xv=torch.tensor(Xtr[vi],dtype=torch.float32);yv=torch.tensor(yt[vi],dtype=torch.float32)[:,None]
        best=1e9;bst=None;since=0
        for ep in range(epochs):
            p=torch.randperm(len(xt))
            for b in range(0,len(xt),32):
                idx=p[b:b+32]; opt.zero_grad(); l=(net(xt[idx])-ytt[idx]).abs().mean(); l.backward(); opt.step()
            with torch.no_grad(): v=(net(xv)-yv).abs().mean().item()
            if v<best: best=v;bst=[q.detach().clone() for q in net.parameters()];since=0
            else:
                since+=1
                if since>=pat: break
        with torch.no_grad():
            for q,b in zip(net.parameters(),bst): q.copy_(b)
            preds.append(net(torch.tensor(Xte,dtype=torch.float32))[:,0].numpy()*ys+ym)
    return np.exp(np.mean(preds,0))
if __name__=='__main__':
    variant=sys.argv[1]; nsel=int(sys.argv[2]); members=int(sys.argv[3]); outer=[int(s) for s in sys.argv[4].split(',')]; SO=int(sys.argv[5]) if len(sys.argv)>5 else 0
    X=blocks(variant); Y=np.exp(y)
    t=time.time(); res=[]
    for k in outer:
        test=set(folds['fold_%d'%k]) if isinstance(folds,list) else None
        tr=np.array([i for i,m in enumerate(ids) if m not in set(folds['fold_%d'%k])])
        rng=np.random.default_rng(1000+k); perm=rng.permutation(tr); parts=np.array_split(perm,5)
        errs=[]; oof=np.zeros(len(Y))
        for j in range(5):
            va=parts[j]; it=np.concatenate([parts[q] for q in range(5) if q!=j])
            cols=list(range(X.shape[1])) if nsel==0 else select(X[it],y[it],nsel)
            p=fit_ens(X[it][:,cols],y[it],X[va][:,cols],members,seed=k*10+j+1000*SO)
            errs.append(np.abs(p-Y[va]).mean()); oof[va]=p
        res.append(np.mean(errs)); np.save('/tmp/oof_%s_%d_%d_%d_k%d.npy'%(variant,nsel,members,SO,k),oof)
        print(variant,nsel,'outer',k+1,'inner MAE %.1f'%np.mean(errs),flush=True)
    print('RESULT',variant,nsel,members,'seed',SO,' '.join('%.1f'%r for r in res),'mean %.1f'%np.mean(res),'%.0fs'%(time.time()-t),flush=True)
